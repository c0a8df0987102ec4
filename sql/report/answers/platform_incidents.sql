-- Platform incidents: clusters of platform-attributed failures across several workflows.
select count(*) filter (where is_incident) as platform_incidents
from v_platform_incidents;
