-- parse_utc_timestamp(s): an ISO 8601 date-time as the instant it names, or NULL when the text
-- is not one. NULL makes the landing reject the record, naming the field and the value.
-- Accepted, and only this: YYYY-MM-DD, 'T' or ' ', hh:mm, optional :ss and a fraction, then
-- optionally 'Z', '+hh', '+hhmm' or '+hh:mm' with an hour up to 23 (either sign).
-- Refused rather than guessed: an offset with seconds (+05:30:45), a zone name
-- (Europe/Paris), an impossible offset (+99:99, -24:00), a date alone, hour 24, surrounding
-- spaces, and the words DuckDB's own cast takes as instants ('infinity', 'epoch', 'now').
-- Texts with an offset are read with it; texts without one are taken as UTC (the API speaks
-- UTC), so the connection's TimeZone setting never changes what is stored.
-- The shape is checked by the regular expression, the calendar by the cast (2024-02-30 is
-- refused too). The landing calls this for every task timestamp, so it stays cheap: one
-- regular expression, no case folding or trimming.
create or replace macro parse_utc_timestamp(s) as
    case
        when not regexp_full_match(
            s,
            '\d{4}-\d\d-\d\d[T ]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]([01]\d|2[0-3])(:?[0-5]\d)?)?'
        ) then null
        when suffix(s, 'Z') or contains(s[11:], '+') or contains(s[11:], '-')
            then try_cast(s as timestamptz)
        else timezone('UTC', try_cast(s as timestamp))
    end;
