-- Residents see some ids: a volunteer task's number (接单 #12), and the
-- item id a redemption code is derived from. SQLite numbers a row
-- max(id) + 1, so ids stay dense when a failed message rolls its inserts
-- back; a PostgreSQL sequence never gives a number back, so the same
-- conversation would show different numbers. These tables, written
-- rarely, number their rows as SQLite does; two processes that take the
-- same number conflict and one runs again. Members stay on a sequence:
-- a morning burst creates hundreds a second in every process, and
-- numbering them max(id) + 1 made every concurrent batch conflict. No
-- one sees a member's id.
CREATE FUNCTION linli_dense_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id IS NULL THEN
        EXECUTE format('SELECT coalesce(max(id), 0) + 1 FROM %I', TG_TABLE_NAME) INTO NEW.id;
    END IF;
    RETURN NEW;
END
$$;

ALTER TABLE shop_items ALTER COLUMN id DROP IDENTITY;
CREATE TRIGGER shop_items_dense_id BEFORE INSERT ON shop_items FOR EACH ROW EXECUTE FUNCTION linli_dense_id();

ALTER TABLE volunteer_tasks ALTER COLUMN id DROP IDENTITY;
CREATE TRIGGER volunteer_tasks_dense_id BEFORE INSERT ON volunteer_tasks FOR EACH ROW EXECUTE FUNCTION linli_dense_id();

ALTER TABLE challenges ALTER COLUMN id DROP IDENTITY;
CREATE TRIGGER challenges_dense_id BEFORE INSERT ON challenges FOR EACH ROW EXECUTE FUNCTION linli_dense_id();
