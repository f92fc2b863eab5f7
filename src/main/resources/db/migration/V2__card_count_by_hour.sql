-- Cards that have left the card index after its retention period (trd.feedback.card-index.retention), counted
-- per service, topic and hour of issue (UTC), so that the feedback summary still counts them as returned.
-- No patient data, no card ids.
CREATE TABLE card_count (
    service_id   VARCHAR(200)             NOT NULL,
    topic        VARCHAR(200)             NOT NULL,
    issued_hour  TIMESTAMP WITH TIME ZONE NOT NULL,
    cards        BIGINT                   NOT NULL,
    CONSTRAINT card_count_key PRIMARY KEY (service_id, topic, issued_hour)
);

-- The retention check looks for the oldest cards of every service at once.
CREATE INDEX card_index_by_time ON card_index (issued_at);
