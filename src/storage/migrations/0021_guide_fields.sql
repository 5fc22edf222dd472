-- The service guide's standard fields (issue 17 item 4, decision 0024). 办理流程 lives in each
-- item version's item_json ("steps"), so it needs no column.
--
-- service_item_forms: the sample forms (样表) of a catalogue item, downloadable by anyone from
-- the public guide. Attached to the item code, not a version: a revision keeps its forms. The
-- bytes live in the uploads folder (sample-forms/) under random names; this row holds the
-- metadata. content_type: application/pdf or the DOCX / XLSX type, checked against the bytes.
CREATE TABLE service_item_forms (
  id {{pk}},
  item_code TEXT NOT NULL,
  name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size_bytes BIGINT NOT NULL,
  sm3_digest TEXT NOT NULL,         -- hex SM3 of the bytes
  storage_name TEXT NOT NULL,
  uploaded_by BIGINT NOT NULL,
  uploaded_by_name TEXT NOT NULL,
  uploaded_at BIGINT NOT NULL
);
CREATE INDEX service_item_forms_item ON service_item_forms (item_code, id);

-- facilities.phone: the facility's enquiry line (咨询电话), normalised by identity::ParsePhone
-- (mobile "13812345678", fixed line "0514-87654321"); '' when none. An institution's public
-- number, shown in the public guide: not personal data, so kept in clear.
ALTER TABLE facilities ADD COLUMN phone TEXT NOT NULL DEFAULT '';
