-- Each connection's block of member ids is wide enough that blocks never
-- meet in the primary key. New members' ids are the largest of their
-- block, so blocks of 1,000 ran out a dozen times in a 10,000-resident
-- morning, and every new block began on the index's last page, beside
-- another process's new block: each member link's foreign-key check read
-- that page while the other process wrote to it, and one of the two
-- serializable transactions ran again. Blocks of 100,000 begin far apart
-- and stay apart. Ids are 64-bit, and no one sees a member's id.
ALTER TABLE members ALTER COLUMN id SET CACHE 100000;
