-- Lists are newest first within a project (Cinder's default order): an index in that order lets
-- the database read a page without sorting the whole project.
CREATE INDEX volumes_listing_idx ON volumes (project_id, deleted, created_at DESC, id DESC);
