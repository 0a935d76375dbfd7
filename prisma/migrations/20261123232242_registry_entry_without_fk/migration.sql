-- DropForeignKey
ALTER TABLE "registry_entry" DROP CONSTRAINT "registry_entry_import_id_fkey";
