-- After a rebuild the model was derived anew: every published partition is stale.
delete from lake_partitions;
