-- A coordinator's own FAQ entry is named by its number (修改问答 #3,
-- 删除问答 #3), so its numbers follow SQLite's, as 013 does for tasks and
-- items: a refused or retried message must not use a number up.
ALTER TABLE kb_chunks ALTER COLUMN id DROP IDENTITY;
CREATE TRIGGER kb_chunks_dense_id BEFORE INSERT ON kb_chunks FOR EACH ROW EXECUTE FUNCTION linli_dense_id();
