-- A survey opened on one device can be answered on another (issue #13, point 1). The browser
-- seals its prepared message and unblinding secret under a key derived from a resume code that
-- only the physician holds, and sends the sealed copy with the blinded message; the token issue's
-- statement stores it beside the blind signature. Nobody without the code can open it, and no
-- column says when it was written (docs/threat-model.md, "Resuming a survey").

-- CreateTable
CREATE TABLE "survey_resume" (
    "survey_id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "sealed_copy" BYTEA NOT NULL,
    "blind_signature" BYTEA NOT NULL,

    CONSTRAINT "survey_resume_pkey" PRIMARY KEY ("survey_id","account_id")
);

-- AddForeignKey
ALTER TABLE "survey_resume" ADD CONSTRAINT "survey_resume_survey_id_account_id_fkey" FOREIGN KEY ("survey_id", "account_id") REFERENCES "survey_token_issue"("survey_id", "account_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- openedSurveys starts from the physician's own token issues, not from every open survey.
-- CreateIndex
CREATE INDEX "survey_token_issue_account_id_idx" ON "survey_token_issue"("account_id");
