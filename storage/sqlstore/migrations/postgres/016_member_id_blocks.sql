-- Each connection takes member ids from a block of its own. With one
-- shared counter, the members that concurrent processes create in a
-- morning burst sat side by side in the last page of the primary key, and
-- each new member link's foreign-key check read that page while the other
-- processes wrote to it: a serializable conflict between every two
-- batches that ran at once. Ids now have gaps; no one sees a member's id.
ALTER TABLE members ALTER COLUMN id SET CACHE 1000;
