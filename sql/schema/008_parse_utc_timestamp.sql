-- parse_utc_timestamp(s): an ISO 8601 text as the instant it names, or NULL if unparseable.
-- Why not a plain cast: a cast to TIMESTAMPTZ reads a text without an offset in the session's
-- TimeZone, and a cast to TIMESTAMP silently drops an offset. Texts with 'Z' or '+hh:mm' are
-- read with their offset; texts without one are taken as UTC (the API speaks UTC), so the
-- connection's TimeZone setting never changes what is stored.
create or replace macro parse_utc_timestamp(s) as
    case
        when s is null or trim(s) = '' then null
        when suffix(s, 'Z') then try_cast(s as timestamptz)
        when regexp_matches(trim(s), '\d:\d\d(:\d\d(\.\d+)?)?\s*([zZ]|[+-]\d\d(:?\d\d)?)$')
            then try_cast(trim(s) as timestamptz)
        else timezone('UTC', try_cast(trim(s) as timestamp))
    end;
