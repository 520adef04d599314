-- Interface records (domain 7.2-7.9): one table per record type, one row
-- per record of every loaded file, columns named after the layout's fields
-- in snake_case, typed by the layout (D = DATE, T = TIMESTAMP, N = number).
-- A test checks these tables against the layouts in ingest/iface.

CREATE TABLE app_record (
    file_name VARCHAR NOT NULL,
    line_number INTEGER NOT NULL,
    ordinal INTEGER NOT NULL,
    effective_date DATE,
    deanery_number VARCHAR,
    position_id BIGINT,
    position_number VARCHAR,
    projected_hire_date DATE,
    projected_end_date DATE,
    title VARCHAR,
    first_name VARCHAR,
    middle_names VARCHAR,
    last_name VARCHAR,
    previous_last_name VARCHAR,
    dob DATE,
    gender VARCHAR,
    uk_nino VARCHAR,
    national_training_number VARCHAR,
    professional_body VARCHAR,
    registration_number VARCHAR,
    registration_expiry_date DATE,
    applicant_email_address VARCHAR,
    home_tel VARCHAR,
    mobile_tel VARCHAR,
    address1 VARCHAR,
    address2 VARCHAR,
    address3 VARCHAR,
    town VARCHAR,
    county VARCHAR,
    postcode VARCHAR,
    country VARCHAR,
    nationality VARCHAR,
    wte DECIMAL(18,2),
    grade VARCHAR,
    deanery_placement_id VARCHAR
);
COMMENT ON TABLE app_record IS 'Applicant records the deanery sent to ESR (APP files, domain 7.2): one row per record, ordinal = its position in the file, which the APC answer names as esrVacancyId.';
COMMENT ON COLUMN app_record.file_name IS 'Interface file the record came from.';
COMMENT ON COLUMN app_record.line_number IS 'Line of the record in that file (1 = the HDR).';
COMMENT ON COLUMN app_record.ordinal IS 'Position of the record in the file, 1 = first after the HDR.';
COMMENT ON COLUMN app_record.effective_date IS 'Run date of the file. (T_APP02 effectiveDate D, mandatory)';
COMMENT ON COLUMN app_record.deanery_number IS 'Deanery (Training) Post Number (DPN), the key joining posts and positions. (T_APP03 deaneryNumber X(30), mandatory)';
COMMENT ON COLUMN app_record.position_id IS 'ESR position id. (T_APP04 positionId N(15), mandatory)';
COMMENT ON COLUMN app_record.position_number IS 'ESR position number. (T_APP05 positionNumber X(10), mandatory)';
COMMENT ON COLUMN app_record.projected_hire_date IS 'Projected hire date (placement start). (T_APP06 projectedHireDate D, mandatory)';
COMMENT ON COLUMN app_record.projected_end_date IS 'Projected end date (placement end). (T_APP07 projectedEndDate D)';
COMMENT ON COLUMN app_record.title IS 'Title. (T_APP08 title X(30))';
COMMENT ON COLUMN app_record.first_name IS 'First forename. (T_APP09 firstName X(150), mandatory)';
COMMENT ON COLUMN app_record.middle_names IS 'Forenames after the first. (T_APP10 middleNames X(60))';
COMMENT ON COLUMN app_record.last_name IS 'Surname. (T_APP11 lastName X(150), mandatory)';
COMMENT ON COLUMN app_record.previous_last_name IS 'Previous surname. (T_APP12 previousLastName X(150))';
COMMENT ON COLUMN app_record.dob IS 'Date of birth. (T_APP13 dob D, mandatory)';
COMMENT ON COLUMN app_record.gender IS 'M, F or U. (T_APP14 gender F(1))';
COMMENT ON COLUMN app_record.uk_nino IS 'National Insurance number, normalised (sent even if invalid). (T_APP15 ukNino X(9))';
COMMENT ON COLUMN app_record.national_training_number IS 'National Training Number. (T_APP16 nationalTrainingNumber X(20))';
COMMENT ON COLUMN app_record.professional_body IS 'General Medical Council when a registration number is present. (T_APP17 professionalBody X(60))';
COMMENT ON COLUMN app_record.registration_number IS 'GMC registration number. (T_APP18 registrationNumber X(30))';
COMMENT ON COLUMN app_record.registration_expiry_date IS 'Registration expiry date. (T_APP19 registrationExpiryDate D)';
COMMENT ON COLUMN app_record.applicant_email_address IS 'Email address of the applicant. (T_APP20 applicantEmailAddress X(240))';
COMMENT ON COLUMN app_record.home_tel IS 'Home telephone. (T_APP21 homeTel X(60))';
COMMENT ON COLUMN app_record.mobile_tel IS 'Mobile telephone. (T_APP22 mobileTel X(60))';
COMMENT ON COLUMN app_record.address1 IS 'Address line 1. (T_APP23 address1 X(240))';
COMMENT ON COLUMN app_record.address2 IS 'Address line 2. (T_APP24 address2 X(240))';
COMMENT ON COLUMN app_record.address3 IS 'Address line 3. (T_APP25 address3 X(240))';
COMMENT ON COLUMN app_record.town IS 'Town. (T_APP26 town X(30))';
COMMENT ON COLUMN app_record.county IS 'County (received, not used). (T_APP27 county X(30))';
COMMENT ON COLUMN app_record.postcode IS 'Postcode as held (not normalised). (T_APP28 postcode X(30))';
COMMENT ON COLUMN app_record.country IS 'Country, ISO 3166-1 alpha-2. (T_APP29 country F(2))';
COMMENT ON COLUMN app_record.nationality IS 'Nationality, ISO 3166-1 alpha-2. (T_APP30 nationality F(2))';
COMMENT ON COLUMN app_record.wte IS 'Whole-time equivalent. (T_APP31 wte N(3,2))';
COMMENT ON COLUMN app_record.grade IS 'Grade of the placement (F1, ST3, ...). (T_APP32 grade X(10))';
COMMENT ON COLUMN app_record.deanery_placement_id IS 'The deanery system''s placement id. (T_APP33 deaneryPlacementId X(30))';

CREATE TABLE apc_record (
    file_name VARCHAR NOT NULL,
    line_number INTEGER NOT NULL,
    ordinal INTEGER NOT NULL,
    app_file_name VARCHAR,
    esr_vacancy_id BIGINT,
    deanery_number VARCHAR,
    position_id BIGINT,
    position_number VARCHAR,
    load_status_code VARCHAR,
    message_type VARCHAR,
    message_text VARCHAR,
    applicant_number VARCHAR,
    assignment_id BIGINT,
    application_type VARCHAR
);
COMMENT ON TABLE apc_record IS 'ESR''s answer to each APP record (APC files, 7.3): SUCCESS or FAIL, the reason, and for a success the applicant number, assignment id and whether it was a new applicant or an internal transfer.';
COMMENT ON COLUMN apc_record.file_name IS 'Interface file the record came from.';
COMMENT ON COLUMN apc_record.line_number IS 'Line of the record in that file (1 = the HDR).';
COMMENT ON COLUMN apc_record.ordinal IS 'Position of the record in the file, 1 = first after the HDR.';
COMMENT ON COLUMN apc_record.app_file_name IS 'The APP file this record answers. (T_APC02 appFileName X(60), mandatory)';
COMMENT ON COLUMN apc_record.esr_vacancy_id IS 'Ordinal of the APP record answered (1 = first record of the APP file). (T_APC03 esrVacancyId N(15), mandatory)';
COMMENT ON COLUMN apc_record.deanery_number IS 'Deanery (Training) Post Number (DPN), the key joining posts and positions. (T_APC04 deaneryNumber X(30))';
COMMENT ON COLUMN apc_record.position_id IS 'ESR position id. (T_APC05 positionId N(15))';
COMMENT ON COLUMN apc_record.position_number IS 'ESR position number. (T_APC06 positionNumber X(10))';
COMMENT ON COLUMN apc_record.load_status_code IS 'SUCCESS or FAIL. (T_APC07 loadStatusCode X(7), mandatory)';
COMMENT ON COLUMN apc_record.message_type IS 'ERROR on FAIL; WARNING or INFO on SUCCESS. (T_APC08 messageType X(7))';
COMMENT ON COLUMN apc_record.message_text IS '<REASON_CODE>: words, e.g. MANDATORY_MISSING: dob is mandatory. (T_APC09 messageText X(200))';
COMMENT ON COLUMN apc_record.applicant_number IS 'ESR applicant number, on a SUCCESS that created a new applicant. (T_APC10 applicantNumber X(30))';
COMMENT ON COLUMN apc_record.assignment_id IS 'ESR assignment id. (T_APC11 assignmentId N(15))';
COMMENT ON COLUMN apc_record.application_type IS 'NEW (new applicant) or TRANSFER (internal transfer: existing assignment updated); empty on FAIL. (T_APC12 applicationType X(10))';

CREATE TABLE dnc_record (
    file_name VARCHAR NOT NULL,
    line_number INTEGER NOT NULL,
    ordinal INTEGER NOT NULL,
    notification_type BIGINT,
    deanery_body VARCHAR,
    deanery_post_number VARCHAR,
    managing_deanery_body_code VARCHAR,
    employing_org_vpd_code VARCHAR,
    host_lead_employer_status VARCHAR,
    new_training_position_location VARCHAR,
    post_vacant_at_next_rotation VARCHAR,
    post_delete_indicator VARCHAR,
    current_last_name VARCHAR,
    current_first_name VARCHAR,
    current_gmc_number VARCHAR,
    current_projected_end_date DATE,
    current_next_placement_site VARCHAR,
    current_working_hours DECIMAL(18,1),
    next_last_name VARCHAR,
    next_first_name VARCHAR,
    next_gmc_number VARCHAR,
    next_current_placement_site VARCHAR,
    next_projected_start_date DATE,
    next_email_address VARCHAR,
    next_grade VARCHAR,
    next_working_hours DECIMAL(18,1),
    withdrawn_last_name VARCHAR,
    withdrawn_first_name VARCHAR,
    withdrawn_gmc_number VARCHAR,
    withdrawal_reason BIGINT,
    change_of_projected_hire_date DATE,
    change_of_projected_end_date DATE,
    deanery_placement_id VARCHAR
);
COMMENT ON TABLE dnc_record IS 'Notifications the deanery sent to ESR in DNC (daily) and DNF (go-live) files (7.4): type 1 rotation, 2 withdrawal, 4 date change, 5 new post.';
COMMENT ON COLUMN dnc_record.file_name IS 'Interface file the record came from.';
COMMENT ON COLUMN dnc_record.line_number IS 'Line of the record in that file (1 = the HDR).';
COMMENT ON COLUMN dnc_record.ordinal IS 'Position of the record in the file, 1 = first after the HDR.';
COMMENT ON COLUMN dnc_record.notification_type IS '1 rotation, 2 withdrawal, 4 date change, 5 new post. (T_DNC02 notificationType N(1), mandatory)';
COMMENT ON COLUMN dnc_record.deanery_body IS 'Deanery code of the sender. (T_DNC03 deaneryBody F(3), mandatory)';
COMMENT ON COLUMN dnc_record.deanery_post_number IS 'Deanery (Training) Post Number (DPN). (T_DNC04 deaneryPostNumber X(30), mandatory)';
COMMENT ON COLUMN dnc_record.managing_deanery_body_code IS 'Managing deanery body code: the DPN part before the first slash. (T_DNC05 managingDeaneryBodyCode X(10), mandatory)';
COMMENT ON COLUMN dnc_record.employing_org_vpd_code IS 'VPD code of the employing organisation, three digits. (T_DNC06 employingOrgVPDCode L(3), mandatory)';
COMMENT ON COLUMN dnc_record.host_lead_employer_status IS 'Lead Employer. (T_DNC07 hostLeadEmployerStatus X(20))';
COMMENT ON COLUMN dnc_record.new_training_position_location IS 'Site code of the next placement. (T_DNC08 newTrainingPositionLocation X(240))';
COMMENT ON COLUMN dnc_record.post_vacant_at_next_rotation IS 'Y when no trainee is placed next, else N. (T_DNC09 postVacantAtNextRotation F(1))';
COMMENT ON COLUMN dnc_record.post_delete_indicator IS 'N: the post is not deleted. (T_DNC10 postDeleteIndicator F(1))';
COMMENT ON COLUMN dnc_record.current_last_name IS 'Current placement block: surname of the trainee now in the post. (T_DNC11 currentLastName X(150))';
COMMENT ON COLUMN dnc_record.current_first_name IS 'Current placement block: first forename of the trainee now in the post. (T_DNC12 currentFirstName X(150))';
COMMENT ON COLUMN dnc_record.current_gmc_number IS 'Current placement block: that trainee''s GMC number. (T_DNC13 currentGmcNumber X(30))';
COMMENT ON COLUMN dnc_record.current_projected_end_date IS 'Current placement block: end date of the current placement. (T_DNC14 currentProjectedEndDate D)';
COMMENT ON COLUMN dnc_record.current_next_placement_site IS 'Current placement block: site of that trainee''s own next placement, or NOT KNOWN. (T_DNC15 currentNextPlacementSite X(240))';
COMMENT ON COLUMN dnc_record.current_working_hours IS 'Current placement block: WTE, one decimal. (T_DNC16 currentWorkingHours N(3,1))';
COMMENT ON COLUMN dnc_record.next_last_name IS 'Next placement block: the incoming trainee''s surname. (T_DNC17 nextLastName X(150))';
COMMENT ON COLUMN dnc_record.next_first_name IS 'Next placement block: the incoming trainee''s first forename. (T_DNC18 nextFirstName X(150))';
COMMENT ON COLUMN dnc_record.next_gmc_number IS 'Next placement block: the incoming trainee''s GMC number. (T_DNC19 nextGmcNumber X(30))';
COMMENT ON COLUMN dnc_record.next_current_placement_site IS 'Next placement block: site of the incoming trainee''s placement live today, or NOT KNOWN. (T_DNC20 nextCurrentPlacementSite X(240))';
COMMENT ON COLUMN dnc_record.next_projected_start_date IS 'Next placement block: start date of the next placement. (T_DNC21 nextProjectedStartDate D)';
COMMENT ON COLUMN dnc_record.next_email_address IS 'Next placement block: the incoming trainee''s email. (T_DNC22 nextEmailAddress X(240))';
COMMENT ON COLUMN dnc_record.next_grade IS 'Next placement block: grade of the next placement. (T_DNC23 nextGrade X(10))';
COMMENT ON COLUMN dnc_record.next_working_hours IS 'Next placement block: WTE, one decimal. (T_DNC24 nextWorkingHours N(3,1))';
COMMENT ON COLUMN dnc_record.withdrawn_last_name IS 'Withdrawn block: surname of the trainee withdrawn. (T_DNC25 withdrawnLastName X(150))';
COMMENT ON COLUMN dnc_record.withdrawn_first_name IS 'Withdrawn block: first forename of the trainee withdrawn. (T_DNC26 withdrawnFirstName X(150))';
COMMENT ON COLUMN dnc_record.withdrawn_gmc_number IS 'Withdrawn block: GMC number of the trainee withdrawn. (T_DNC27 withdrawnGmcNumber X(30))';
COMMENT ON COLUMN dnc_record.withdrawal_reason IS 'Withdrawal reason (3 = other). (T_DNC28 withdrawalReason N(2))';
COMMENT ON COLUMN dnc_record.change_of_projected_hire_date IS 'Type 4: the new start date, when the start changed. (T_DNC29 changeOfProjectedHireDate D)';
COMMENT ON COLUMN dnc_record.change_of_projected_end_date IS 'Type 4: the new end date, when the end changed. (T_DNC30 changeOfProjectedEndDate D)';
COMMENT ON COLUMN dnc_record.deanery_placement_id IS 'The deanery system''s placement id. (T_DNC31 deaneryPlacementId X(30))';

CREATE TABLE dcc_record (
    file_name VARCHAR NOT NULL,
    line_number INTEGER NOT NULL,
    ordinal INTEGER NOT NULL,
    dnc_file_name VARCHAR,
    record_ordinal BIGINT,
    notification_type BIGINT,
    deanery_post_number VARCHAR,
    load_status_code VARCHAR,
    message_type VARCHAR,
    message_text VARCHAR
);
COMMENT ON TABLE dcc_record IS 'ESR''s answer to each notification (DCC files, 7.5), tied back by file name and ordinal.';
COMMENT ON COLUMN dcc_record.file_name IS 'Interface file the record came from.';
COMMENT ON COLUMN dcc_record.line_number IS 'Line of the record in that file (1 = the HDR).';
COMMENT ON COLUMN dcc_record.ordinal IS 'Position of the record in the file, 1 = first after the HDR.';
COMMENT ON COLUMN dcc_record.dnc_file_name IS 'The DNC or DNF file this record answers. (T_DCC02 dncFileName X(60), mandatory)';
COMMENT ON COLUMN dcc_record.record_ordinal IS 'Ordinal of the notification answered in its file. (T_DCC03 recordOrdinal N(15), mandatory)';
COMMENT ON COLUMN dcc_record.notification_type IS '1 rotation, 2 withdrawal, 4 date change, 5 new post. (T_DCC04 notificationType N(1))';
COMMENT ON COLUMN dcc_record.deanery_post_number IS 'Deanery (Training) Post Number (DPN). (T_DCC05 deaneryPostNumber X(30))';
COMMENT ON COLUMN dcc_record.load_status_code IS 'SUCCESS or FAIL. (T_DCC06 loadStatusCode X(7), mandatory)';
COMMENT ON COLUMN dcc_record.message_type IS 'ERROR on FAIL; WARNING or INFO on SUCCESS. (T_DCC07 messageType X(7))';
COMMENT ON COLUMN dcc_record.message_text IS '<REASON_CODE>: words, e.g. MANDATORY_MISSING: dob is mandatory. (T_DCC08 messageText X(200))';

CREATE TABLE pos_record (
    file_name VARCHAR NOT NULL,
    line_number INTEGER NOT NULL,
    ordinal INTEGER NOT NULL,
    position_id BIGINT,
    undocumented VARCHAR,
    change_delete_indicator VARCHAR,
    position_number VARCHAR,
    position_title VARCHAR,
    occupation_code VARCHAR,
    area_of_work VARCHAR,
    second_speciality VARCHAR,
    deanery_number VARCHAR,
    managing_office VARCHAR,
    ods_code VARCHAR,
    grade_trust VARCHAR,
    grade_payscale VARCHAR,
    grade_desc VARCHAR,
    workplace_org VARCHAR
);
COMMENT ON TABLE pos_record IS 'ESR position records received in RMC/RMF files (7.6): each row is the full image of a position after a change; D = deleted.';
COMMENT ON COLUMN pos_record.file_name IS 'Interface file the record came from.';
COMMENT ON COLUMN pos_record.line_number IS 'Line of the record in that file (1 = the HDR).';
COMMENT ON COLUMN pos_record.ordinal IS 'Position of the record in the file, 1 = first after the HDR.';
COMMENT ON COLUMN pos_record.position_id IS 'ESR position id. (T_POS02 positionID N(15), mandatory)';
COMMENT ON COLUMN pos_record.undocumented IS 'Undocumented field 3, empty. (T_POS03 undocumented X(30))';
COMMENT ON COLUMN pos_record.change_delete_indicator IS 'C = created or changed, D = deleted. (T_POS04 changeDeleteIndicator F(1), mandatory)';
COMMENT ON COLUMN pos_record.position_number IS 'ESR position number. (T_POS05 positionNumber X(10), mandatory)';
COMMENT ON COLUMN pos_record.position_title IS 'Position title (POS: staff group; POR: job role with site). (T_POS06 positionTitle X(60))';
COMMENT ON COLUMN pos_record.occupation_code IS 'Job role with site name (TIS label occupationCode). (T_POS07 occupationCode X(240))';
COMMENT ON COLUMN pos_record.area_of_work IS 'Specialty code (TIS label areaOfWork; ESR fills it with the specialty code). (T_POS08 areaOfWork X(10))';
COMMENT ON COLUMN pos_record.second_speciality IS 'Specialty name (TIS label secondSpeciality). (T_POS09 secondSpeciality X(60))';
COMMENT ON COLUMN pos_record.deanery_number IS 'Deanery (Training) Post Number (DPN), the key joining posts and positions. (T_POS10 deaneryNumber X(30), mandatory)';
COMMENT ON COLUMN pos_record.managing_office IS 'Managing office (deanery code). (T_POS11 managingOffice X(10))';
COMMENT ON COLUMN pos_record.ods_code IS 'Trust code (ODS). (T_POS12 odsCode X(30))';
COMMENT ON COLUMN pos_record.grade_trust IS 'Grade owner (NHS). (T_POS13 gradeTrust X(30))';
COMMENT ON COLUMN pos_record.grade_payscale IS 'Pay scale code (MF01, MS02, ...). (T_POS14 gradePayscale X(10))';
COMMENT ON COLUMN pos_record.grade_desc IS 'Pay scale description. (T_POS15 gradeDesc X(60))';
COMMENT ON COLUMN pos_record.workplace_org IS 'Site code. (T_POS16 workplaceOrg X(30))';

CREATE TABLE por_record (
    file_name VARCHAR NOT NULL,
    line_number INTEGER NOT NULL,
    ordinal INTEGER NOT NULL,
    position_id BIGINT,
    undocumented VARCHAR,
    change_delete_indicator VARCHAR,
    position_number VARCHAR,
    position_title VARCHAR,
    deanery_number VARCHAR,
    managing_office VARCHAR,
    host_lead_indicator VARCHAR,
    ods_code VARCHAR,
    employing_org_vpd_code VARCHAR,
    esr_organisation VARCHAR,
    esr_location VARCHAR
);
COMMENT ON TABLE por_record IS 'ESR position reconciliation records received in RMC/RMF files (7.7): the position''s DPN, role and VPD, the keys of post reconciliation.';
COMMENT ON COLUMN por_record.file_name IS 'Interface file the record came from.';
COMMENT ON COLUMN por_record.line_number IS 'Line of the record in that file (1 = the HDR).';
COMMENT ON COLUMN por_record.ordinal IS 'Position of the record in the file, 1 = first after the HDR.';
COMMENT ON COLUMN por_record.position_id IS 'ESR position id. (T_POR02 positionID N(15), mandatory)';
COMMENT ON COLUMN por_record.undocumented IS 'Undocumented field 3, empty. (T_POR03 undocumented X(30))';
COMMENT ON COLUMN por_record.change_delete_indicator IS 'C = created or changed, D = deleted. (T_POR04 changeDeleteIndicator F(1), mandatory)';
COMMENT ON COLUMN por_record.position_number IS 'ESR position number. (T_POR05 positionNumber X(10), mandatory)';
COMMENT ON COLUMN por_record.position_title IS 'Position title (POS: staff group; POR: job role with site). (T_POR06 positionTitle X(60))';
COMMENT ON COLUMN por_record.deanery_number IS 'Deanery (Training) Post Number (DPN), the key joining posts and positions. (T_POR07 deaneryNumber X(30), mandatory)';
COMMENT ON COLUMN por_record.managing_office IS 'Managing office (deanery code). (T_POR08 managingOffice X(10))';
COMMENT ON COLUMN por_record.host_lead_indicator IS 'Lead Employer or Host Employer. (T_POR09 hostLeadIndicator X(20))';
COMMENT ON COLUMN por_record.ods_code IS 'Trust code (ODS). (T_POR10 odsCode X(30))';
COMMENT ON COLUMN por_record.employing_org_vpd_code IS 'VPD code of the employing organisation, three digits. (T_POR11 employingOrgVPDCode L(3), mandatory)';
COMMENT ON COLUMN por_record.esr_organisation IS 'ESR organisation (trust) name. (T_POR12 esrOrganisation X(240))';
COMMENT ON COLUMN por_record.esr_location IS 'ESR location (site) name. (T_POR13 esrLocation X(240))';

CREATE TABLE per_record (
    file_name VARCHAR NOT NULL,
    line_number INTEGER NOT NULL,
    ordinal INTEGER NOT NULL,
    esr_person_number BIGINT,
    change_timestamp TIMESTAMP,
    change_delete_indicator VARCHAR,
    employing_org_vpd_code VARCHAR,
    assignment_id BIGINT,
    uk_nino VARCHAR,
    last_name VARCHAR,
    first_name VARCHAR,
    middle_names VARCHAR,
    previous_last_name VARCHAR,
    title VARCHAR,
    gender VARCHAR,
    dob DATE,
    reserved15 VARCHAR,
    home_tel VARCHAR,
    mobile_tel VARCHAR,
    reserved18 VARCHAR,
    reserved19 VARCHAR,
    email_address VARCHAR
);
COMMENT ON TABLE per_record IS 'ESR person records received in RMC/RMF files for Full Records trusts (7.8): the full image of a person after a change.';
COMMENT ON COLUMN per_record.file_name IS 'Interface file the record came from.';
COMMENT ON COLUMN per_record.line_number IS 'Line of the record in that file (1 = the HDR).';
COMMENT ON COLUMN per_record.ordinal IS 'Position of the record in the file, 1 = first after the HDR.';
COMMENT ON COLUMN per_record.esr_person_number IS 'ESR person number. (T_PER02 esrPersonNumber N(10), mandatory)';
COMMENT ON COLUMN per_record.change_timestamp IS 'When the change was keyed in ESR (UK local time). (T_PER03 changeTimestamp T, mandatory)';
COMMENT ON COLUMN per_record.change_delete_indicator IS 'C = created or changed, D = deleted. (T_PER04 changeDeleteIndicator F(1), mandatory)';
COMMENT ON COLUMN per_record.employing_org_vpd_code IS 'VPD code of the employing organisation, three digits. (T_PER05 employingOrgVPDCode L(3), mandatory)';
COMMENT ON COLUMN per_record.assignment_id IS 'ESR assignment id. (T_PER06 assignmentId N(15))';
COMMENT ON COLUMN per_record.uk_nino IS 'National Insurance number, normalised (sent even if invalid). (T_PER07 ukNino X(9))';
COMMENT ON COLUMN per_record.last_name IS 'Surname. (T_PER08 lastName X(150), mandatory)';
COMMENT ON COLUMN per_record.first_name IS 'First forename. (T_PER09 firstName X(150))';
COMMENT ON COLUMN per_record.middle_names IS 'Forenames after the first. (T_PER10 middleNames X(60))';
COMMENT ON COLUMN per_record.previous_last_name IS 'Previous surname. (T_PER11 previousLastName X(150))';
COMMENT ON COLUMN per_record.title IS 'Title. (T_PER12 title X(30))';
COMMENT ON COLUMN per_record.gender IS 'M, F or U. (T_PER13 gender F(1))';
COMMENT ON COLUMN per_record.dob IS 'Date of birth. (T_PER14 dob D)';
COMMENT ON COLUMN per_record.reserved15 IS 'Reserved, empty. (T_PER15 reserved15 X(1))';
COMMENT ON COLUMN per_record.home_tel IS 'Home telephone. (T_PER16 homeTel X(60))';
COMMENT ON COLUMN per_record.mobile_tel IS 'Mobile telephone. (T_PER17 mobileTel X(60))';
COMMENT ON COLUMN per_record.reserved18 IS 'Reserved, empty. (T_PER18 reserved18 X(1))';
COMMENT ON COLUMN per_record.reserved19 IS 'Reserved, empty. (T_PER19 reserved19 X(1))';
COMMENT ON COLUMN per_record.email_address IS 'Email address held in ESR. (T_PER20 emailAddress X(240))';

CREATE TABLE add_record (
    file_name VARCHAR NOT NULL,
    line_number INTEGER NOT NULL,
    ordinal INTEGER NOT NULL,
    esr_person_number BIGINT,
    change_timestamp TIMESTAMP,
    change_delete_indicator VARCHAR,
    employing_org_vpd_code VARCHAR,
    address_date_from DATE,
    address1 VARCHAR,
    address2 VARCHAR,
    address3 VARCHAR,
    town VARCHAR,
    county VARCHAR,
    postcode VARCHAR,
    country VARCHAR
);
COMMENT ON TABLE add_record IS 'ESR primary-address records received in RMC/RMF files (7.8).';
COMMENT ON COLUMN add_record.file_name IS 'Interface file the record came from.';
COMMENT ON COLUMN add_record.line_number IS 'Line of the record in that file (1 = the HDR).';
COMMENT ON COLUMN add_record.ordinal IS 'Position of the record in the file, 1 = first after the HDR.';
COMMENT ON COLUMN add_record.esr_person_number IS 'ESR person number. (T_ADD02 esrPersonNumber N(10), mandatory)';
COMMENT ON COLUMN add_record.change_timestamp IS 'When the change was keyed in ESR (UK local time). (T_ADD03 changeTimestamp T, mandatory)';
COMMENT ON COLUMN add_record.change_delete_indicator IS 'C = created or changed, D = deleted. (T_ADD04 changeDeleteIndicator F(1), mandatory)';
COMMENT ON COLUMN add_record.employing_org_vpd_code IS 'VPD code of the employing organisation, three digits. (T_ADD05 employingOrgVPDCode L(3), mandatory)';
COMMENT ON COLUMN add_record.address_date_from IS 'Date the address applies from. (T_ADD06 addressDateFrom D)';
COMMENT ON COLUMN add_record.address1 IS 'Address line 1. (T_ADD07 address1 X(240))';
COMMENT ON COLUMN add_record.address2 IS 'Address line 2. (T_ADD08 address2 X(240))';
COMMENT ON COLUMN add_record.address3 IS 'Address line 3. (T_ADD09 address3 X(240))';
COMMENT ON COLUMN add_record.town IS 'Town. (T_ADD10 town X(30))';
COMMENT ON COLUMN add_record.county IS 'County (received, not used). (T_ADD11 county X(30))';
COMMENT ON COLUMN add_record.postcode IS 'Postcode as held (not normalised). (T_ADD12 postcode X(30))';
COMMENT ON COLUMN add_record.country IS 'Country, ISO 3166-1 alpha-2. (T_ADD13 country F(2))';

CREATE TABLE asg_record (
    file_name VARCHAR NOT NULL,
    line_number INTEGER NOT NULL,
    ordinal INTEGER NOT NULL,
    esr_person_number BIGINT,
    change_timestamp TIMESTAMP,
    change_delete_indicator VARCHAR,
    employing_org_vpd_code VARCHAR,
    assignment_id BIGINT,
    period_seq BIGINT,
    position_id BIGINT,
    position_number VARCHAR,
    deanery_number VARCHAR,
    host_lead_indicator VARCHAR,
    start_date DATE,
    projected_end_date DATE,
    end_date DATE,
    assignment_status VARCHAR,
    end_reason VARCHAR,
    grade_payscale VARCHAR,
    wte DECIMAL(18,2)
);
COMMENT ON TABLE asg_record IS 'ESR assignment-period records received in RMC/RMF files (7.8): one row per change of a period.';
COMMENT ON COLUMN asg_record.file_name IS 'Interface file the record came from.';
COMMENT ON COLUMN asg_record.line_number IS 'Line of the record in that file (1 = the HDR).';
COMMENT ON COLUMN asg_record.ordinal IS 'Position of the record in the file, 1 = first after the HDR.';
COMMENT ON COLUMN asg_record.esr_person_number IS 'ESR person number. (T_ASG02 esrPersonNumber N(10), mandatory)';
COMMENT ON COLUMN asg_record.change_timestamp IS 'When the change was keyed in ESR (UK local time). (T_ASG03 changeTimestamp T, mandatory)';
COMMENT ON COLUMN asg_record.change_delete_indicator IS 'C = created or changed, D = deleted. (T_ASG04 changeDeleteIndicator F(1), mandatory)';
COMMENT ON COLUMN asg_record.employing_org_vpd_code IS 'VPD code of the employing organisation, three digits. (T_ASG05 employingOrgVPDCode L(3), mandatory)';
COMMENT ON COLUMN asg_record.assignment_id IS 'ESR assignment id. (T_ASG06 assignmentId N(15), mandatory)';
COMMENT ON COLUMN asg_record.period_seq IS 'Period number of the assignment: 1 at hire, +1 per internal transfer. (T_ASG07 periodSeq N(4), mandatory)';
COMMENT ON COLUMN asg_record.position_id IS 'ESR position id. (T_ASG08 positionId N(15), mandatory)';
COMMENT ON COLUMN asg_record.position_number IS 'ESR position number. (T_ASG09 positionNumber X(10))';
COMMENT ON COLUMN asg_record.deanery_number IS 'Deanery (Training) Post Number (DPN), the key joining posts and positions. (T_ASG10 deaneryNumber X(30))';
COMMENT ON COLUMN asg_record.host_lead_indicator IS 'Lead Employer or Host Employer. (T_ASG11 hostLeadIndicator X(20))';
COMMENT ON COLUMN asg_record.start_date IS 'Start date of the period. (T_ASG12 startDate D, mandatory)';
COMMENT ON COLUMN asg_record.projected_end_date IS 'Projected end date (placement end). (T_ASG13 projectedEndDate D)';
COMMENT ON COLUMN asg_record.end_date IS 'Actual end date of the period, once ended. (T_ASG14 endDate D)';
COMMENT ON COLUMN asg_record.assignment_status IS 'ACTIVE, ENDED or CANCELLED. (T_ASG15 assignmentStatus X(10), mandatory)';
COMMENT ON COLUMN asg_record.end_reason IS 'Why the period ended: ROTATION, TRANSFER, COMPLETED, LEFT_TRAINING, WITHDRAWN, RETIRED, OTHER. (T_ASG16 endReason X(20))';
COMMENT ON COLUMN asg_record.grade_payscale IS 'Pay scale code (MF01, MS02, ...). (T_ASG17 gradePayscale X(10))';
COMMENT ON COLUMN asg_record.wte IS 'Whole-time equivalent. (T_ASG18 wte N(3,2))';

CREATE TABLE pbd_record (
    file_name VARCHAR NOT NULL,
    line_number INTEGER NOT NULL,
    ordinal INTEGER NOT NULL,
    esr_person_number BIGINT,
    change_timestamp TIMESTAMP,
    change_delete_indicator VARCHAR,
    employing_org_vpd_code VARCHAR,
    professional_body VARCHAR,
    registration_number VARCHAR,
    registration_expiry_date DATE
);
COMMENT ON TABLE pbd_record IS 'ESR professional-body (GMC registration) records received in RMC/RMF files (7.8).';
COMMENT ON COLUMN pbd_record.file_name IS 'Interface file the record came from.';
COMMENT ON COLUMN pbd_record.line_number IS 'Line of the record in that file (1 = the HDR).';
COMMENT ON COLUMN pbd_record.ordinal IS 'Position of the record in the file, 1 = first after the HDR.';
COMMENT ON COLUMN pbd_record.esr_person_number IS 'ESR person number. (T_PBD02 esrPersonNumber N(10), mandatory)';
COMMENT ON COLUMN pbd_record.change_timestamp IS 'When the change was keyed in ESR (UK local time). (T_PBD03 changeTimestamp T, mandatory)';
COMMENT ON COLUMN pbd_record.change_delete_indicator IS 'C = created or changed, D = deleted. (T_PBD04 changeDeleteIndicator F(1), mandatory)';
COMMENT ON COLUMN pbd_record.employing_org_vpd_code IS 'VPD code of the employing organisation, three digits. (T_PBD05 employingOrgVPDCode L(3), mandatory)';
COMMENT ON COLUMN pbd_record.professional_body IS 'General Medical Council when a registration number is present. (T_PBD06 professionalBody X(60), mandatory)';
COMMENT ON COLUMN pbd_record.registration_number IS 'GMC registration number. (T_PBD07 registrationNumber X(30), mandatory)';
COMMENT ON COLUMN pbd_record.registration_expiry_date IS 'Registration expiry date. (T_PBD08 registrationExpiryDate D)';

CREATE TABLE stf_record (
    file_name VARCHAR NOT NULL,
    line_number INTEGER NOT NULL,
    ordinal INTEGER NOT NULL,
    esr_person_number BIGINT,
    last_name VARCHAR,
    first_name VARCHAR,
    middle_names VARCHAR,
    previous_last_name VARCHAR,
    title VARCHAR,
    gender VARCHAR,
    dob DATE,
    ni_number VARCHAR,
    gmc_number VARCHAR,
    address1 VARCHAR,
    address2 VARCHAR,
    address3 VARCHAR,
    town VARCHAR,
    postcode VARCHAR,
    email_address VARCHAR,
    assignment_id BIGINT,
    period_seq BIGINT,
    position_id BIGINT,
    position_number VARCHAR,
    deanery_number VARCHAR,
    employing_org_vpd_code VARCHAR,
    host_lead_indicator VARCHAR,
    staff_group VARCHAR,
    grade_payscale VARCHAR,
    specialty_code VARCHAR,
    start_date DATE,
    projected_end_date DATE,
    end_date DATE,
    assignment_status VARCHAR,
    end_reason VARCHAR,
    wte DECIMAL(18,2),
    last_updated TIMESTAMP
);
COMMENT ON TABLE stf_record IS 'Rows of the quarterly ESR staff extract (STF files, 7.9): every medical and dental assignment period at the deanery''s trusts, trainees or not, with the person''s details at extract time.';
COMMENT ON COLUMN stf_record.file_name IS 'Interface file the record came from.';
COMMENT ON COLUMN stf_record.line_number IS 'Line of the record in that file (1 = the HDR).';
COMMENT ON COLUMN stf_record.ordinal IS 'Position of the record in the file, 1 = first after the HDR.';
COMMENT ON COLUMN stf_record.esr_person_number IS 'ESR person number. (T_STF02 esrPersonNumber N(10), mandatory)';
COMMENT ON COLUMN stf_record.last_name IS 'Surname. (T_STF03 lastName X(150), mandatory)';
COMMENT ON COLUMN stf_record.first_name IS 'First forename. (T_STF04 firstName X(150))';
COMMENT ON COLUMN stf_record.middle_names IS 'Forenames after the first. (T_STF05 middleNames X(60))';
COMMENT ON COLUMN stf_record.previous_last_name IS 'Previous surname. (T_STF06 previousLastName X(150))';
COMMENT ON COLUMN stf_record.title IS 'Title. (T_STF07 title X(30))';
COMMENT ON COLUMN stf_record.gender IS 'M, F or U. (T_STF08 gender F(1))';
COMMENT ON COLUMN stf_record.dob IS 'Date of birth. (T_STF09 dob D)';
COMMENT ON COLUMN stf_record.ni_number IS 'National Insurance number held in ESR. (T_STF10 niNumber X(9))';
COMMENT ON COLUMN stf_record.gmc_number IS 'GMC registration number held in ESR. (T_STF11 gmcNumber X(30))';
COMMENT ON COLUMN stf_record.address1 IS 'Address line 1. (T_STF12 address1 X(240))';
COMMENT ON COLUMN stf_record.address2 IS 'Address line 2. (T_STF13 address2 X(240))';
COMMENT ON COLUMN stf_record.address3 IS 'Address line 3. (T_STF14 address3 X(240))';
COMMENT ON COLUMN stf_record.town IS 'Town. (T_STF15 town X(30))';
COMMENT ON COLUMN stf_record.postcode IS 'Postcode as held (not normalised). (T_STF16 postcode X(30))';
COMMENT ON COLUMN stf_record.email_address IS 'Email address held in ESR. (T_STF17 emailAddress X(240))';
COMMENT ON COLUMN stf_record.assignment_id IS 'ESR assignment id. (T_STF18 assignmentId N(15), mandatory)';
COMMENT ON COLUMN stf_record.period_seq IS 'Period number of the assignment: 1 at hire, +1 per internal transfer. (T_STF19 periodSeq N(4), mandatory)';
COMMENT ON COLUMN stf_record.position_id IS 'ESR position id. (T_STF20 positionId N(15), mandatory)';
COMMENT ON COLUMN stf_record.position_number IS 'ESR position number. (T_STF21 positionNumber X(10))';
COMMENT ON COLUMN stf_record.deanery_number IS 'Deanery (Training) Post Number (DPN), the key joining posts and positions. (T_STF22 deaneryNumber X(30))';
COMMENT ON COLUMN stf_record.employing_org_vpd_code IS 'VPD code of the employing organisation, three digits. (T_STF23 employingOrgVPDCode L(3), mandatory)';
COMMENT ON COLUMN stf_record.host_lead_indicator IS 'Lead Employer or Host Employer. (T_STF24 hostLeadIndicator X(20))';
COMMENT ON COLUMN stf_record.staff_group IS 'Medical and Dental. (T_STF25 staffGroup X(30), mandatory)';
COMMENT ON COLUMN stf_record.grade_payscale IS 'Pay scale code (MF01, MS02, ...). (T_STF26 gradePayscale X(10))';
COMMENT ON COLUMN stf_record.specialty_code IS 'Specialty code. (T_STF27 specialtyCode X(10))';
COMMENT ON COLUMN stf_record.start_date IS 'Start date of the period. (T_STF28 startDate D, mandatory)';
COMMENT ON COLUMN stf_record.projected_end_date IS 'Projected end date (placement end). (T_STF29 projectedEndDate D)';
COMMENT ON COLUMN stf_record.end_date IS 'Actual end date of the period, once ended. (T_STF30 endDate D)';
COMMENT ON COLUMN stf_record.assignment_status IS 'ACTIVE, ENDED or CANCELLED. (T_STF31 assignmentStatus X(10), mandatory)';
COMMENT ON COLUMN stf_record.end_reason IS 'Why the period ended: ROTATION, TRANSFER, COMPLETED, LEFT_TRAINING, WITHDRAWN, RETIRED, OTHER. (T_STF32 endReason X(20))';
COMMENT ON COLUMN stf_record.wte IS 'Whole-time equivalent. (T_STF33 wte N(3,2))';
COMMENT ON COLUMN stf_record.last_updated IS 'When the row last changed in ESR: the later of the period''s and the person''s last change. (T_STF34 lastUpdated T, mandatory)';
