-- Files the worker builds from a READY report (the PDF in French and in English) and, for an
-- order that includes it, the respondent-level file (a zip of CSV + SPSS, Stata and R syntax).
-- Rebuilt from the report and the settled answers, never edited: a row is replaced whole.
-- The respondent file holds answers: no account id, no response id, no date (docs/reports.md).
CREATE TABLE "report_file" (
    "survey_id" UUID NOT NULL,
    "name" VARCHAR(64) NOT NULL,
    "content" BYTEA NOT NULL,
    "built_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "report_file_pkey" PRIMARY KEY ("survey_id","name")
);

ALTER TABLE "report_file" ADD CONSTRAINT "report_file_survey_id_fkey" FOREIGN KEY ("survey_id") REFERENCES "report"("survey_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The respondent-level file is a product of the order; free texts in it only when asked for
-- (and when the survey told its physicians, below).
ALTER TABLE "report_order" ADD COLUMN "respondent_file" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN "respondent_texts" BOOLEAN NOT NULL DEFAULT false;

-- Set by the client when drafting; the answering page then tells physicians that their free-text
-- answers may be handed to the client, word for word, in a file without their identity.
ALTER TABLE "survey" ADD COLUMN "texts_to_client" BOOLEAN NOT NULL DEFAULT false;
