-- Issue #16, point 4: before a post carries a case image, its author attests that the patient
-- consented or that the image is fully de-identified. Only which of the two is kept: an enum, no
-- free text, so the column cannot hold patient data; no date either (the post's own is enough).
CREATE TYPE "ImageAttestation" AS ENUM ('CONSENT_OBTAINED', 'DEIDENTIFIED');

ALTER TABLE "post" ADD COLUMN "image_attestation" "ImageAttestation";
