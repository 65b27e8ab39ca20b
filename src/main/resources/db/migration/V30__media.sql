-- Uploaded photos. The bytes live in the media storage (local files by default) under
-- storage_key; the content type was decided from the bytes, never from the name.
CREATE TABLE media (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    owner_id      bigint      NOT NULL REFERENCES app_user (id),
    content_type  text        NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
    size          bigint      NOT NULL CHECK (size > 0),
    sha256        text        NOT NULL,
    storage_key   text        NOT NULL UNIQUE,
    created_at    timestamptz NOT NULL
);
CREATE INDEX media_owner_idx ON media (owner_id, id);

-- Which records show a photo, with the record's org: whoever sees that org may see the photo.
CREATE TABLE media_attachment (
    media_id     bigint      NOT NULL REFERENCES media (id),
    record_type  text        NOT NULL,
    record_id    bigint      NOT NULL,
    org_id       bigint      NOT NULL REFERENCES org_unit (id),
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (media_id, record_type, record_id)
);
CREATE INDEX media_attachment_record_idx ON media_attachment (record_type, record_id);
