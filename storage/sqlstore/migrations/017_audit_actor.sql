-- Who acted, by name, where no member id says it: the operator or a 街道
-- worker signed in to the console by a link from the command line.
ALTER TABLE audit_log ADD COLUMN actor TEXT NOT NULL DEFAULT '';
