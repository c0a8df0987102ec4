-- Question: which error messages are "the same error" once the tenant's object names, ids and
-- numbers are taken out? error_message_family(msg) turns a message into its family text.
-- Grain: a scalar macro (one family text per message); NULL in, NULL out.
-- Rules, in order: collapse whitespace and newlines; quoted strings -> '<str>'; [bracketed]
-- names -> [<name>]; URLs and paths -> <path>; Amperity ids (wf-/wft-/etv-...-digits-...) and
-- UUIDs -> <id>; ISO timestamps -> <ts>; dotted names (db.table) -> <name>; numbers -> <n>;
-- tokens with '_', digits or inner capitals (loyalty_members, Customer360, LoyaltyMembers)
-- -> <name>; a single word standing alone after a colon and ending the sentence
-- ("invalid state: orders.") -> <name>.
create or replace macro error_message_family(msg) as
    trim(
        regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
        regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
        regexp_replace(regexp_replace(
            regexp_replace(cast(msg as varchar), '\s+', ' ', 'g'),
            '"[^"]*"|''[^'']*''|`[^`]*`', '''<str>''', 'g'),
            '\[[^\]]*\]', '[<name>]', 'g'),
            '\b[a-z][a-z0-9+.\-]*://[^\s,;]*[^\s,;:.)]|(^|\s)(/[\w\-]+)+(\.\w+)?', ' <path>', 'gi'),
            '\b[a-z]{2,6}-\d{8}-\d+-[a-z0-9]+\b', '<id>', 'gi'),
            '\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b', '<id>', 'gi'),
            '\b\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?', '<ts>', 'g'),
            '\b[A-Za-z_]\w*(\.[A-Za-z_]\w*)+\b', '<name>', 'g'),
            '\b\d+(\.\d+)?\b', '<n>', 'g'),
            '\b\w*(_|\d)\w*\b', '<name>', 'g'),
            '\b[A-Za-z]*[a-z][A-Z]\w*\b', '<name>', 'g'),
            ': [A-Za-z][\w\-]*(\.( |$)|$)', ': <name>\1', 'g'),
            '\s+', ' ', 'g')
    );
