-- as_bigint(s): a JSON number, or a number sent as a string, as BIGINT; NULL if it is not an
-- integer. A numeric string such as "3600000" is schema drift and loads; "3.6e6" and
-- "3600000.0" are integral and load; "abc", true or 1.5 are not integers (land rejects them).
create or replace macro as_bigint(s) as
    case
        when try_cast(s as double) = trunc(try_cast(s as double))
            then try_cast(try_cast(s as double) as bigint)
    end;
