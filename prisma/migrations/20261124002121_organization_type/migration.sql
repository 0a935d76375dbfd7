-- CreateEnum
CREATE TYPE "OrganizationType" AS ENUM ('PUBLIC_AGENCY', 'ACADEMIC', 'NONPROFIT', 'INDUSTRY', 'OTHER');

-- AlterTable
ALTER TABLE "organization" ADD COLUMN     "type" "OrganizationType" NOT NULL DEFAULT 'OTHER';
