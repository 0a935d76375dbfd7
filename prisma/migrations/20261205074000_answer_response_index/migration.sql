-- Settling rewrites every answer of a survey and deletes the old responses: without this index,
-- the join and each cascaded delete scanned the whole answer table.
CREATE INDEX "survey_answer_response_id_idx" ON "survey_answer"("response_id");
