package codes

// The small closed lists of domain 2.5. Each is a Set so that readers can
// check a value (Has) and writers can range over the codes (Values).

// Host and lead roles of a position (POR, ASG, DNC). A post with one
// employer has a single Lead Employer position.
const (
	LeadEmployer = "Lead Employer"
	HostEmployer = "Host Employer"
)

// Roles is the host/lead list.
var Roles = newSet("host/lead", LeadEmployer, HostEmployer)

// ChangeTypes: C is change or create, D delete.
var ChangeTypes = newSet("change/delete", "C", "D")

// Lifecycle states; only approved placements are sent.
const (
	Draft    = "DRAFT"
	Approved = "APPROVED"
)

// Lifecycles is the placement lifecycle list.
var Lifecycles = newSet("lifecycle", Draft, Approved)

var empowerLifecycle = [][2]string{{Draft, "Provisional"}, {Approved, "Confirmed"}}

// LifecycleFromEmpower maps Provisional, Confirmed to DRAFT, APPROVED.
func LifecycleFromEmpower(desc string) (string, bool) { return lookup(empowerLifecycle, 1, 0, desc) }

// LifecycleToEmpower maps DRAFT, APPROVED to Empower's words.
func LifecycleToEmpower(code string) (string, bool) { return lookup(empowerLifecycle, 0, 1, code) }

// Load status and message type of APC and DCC answers.
var (
	LoadStatuses = newSet("load status", "SUCCESS", "FAIL")
	MessageTypes = newSet("message type", "ERROR", "WARNING", "INFO")
)

// Application types: a new applicant, or an internal transfer that updates
// an existing assignment.
const (
	AppNew      = "NEW"
	AppTransfer = "TRANSFER"
)

// ApplicationTypes is the application type list.
var ApplicationTypes = newSet("application type", AppNew, AppTransfer)

// Applicant and assignment statuses.
var (
	ApplicantStatuses  = newSet("applicant status", "ACTIVE", "HIRED", "WITHDRAWN")
	AssignmentStatuses = newSet("assignment status", "ACTIVE", "ENDED", "CANCELLED")
)

// End reasons of an assignment period.
var EndReasons = newSet("end reason", "ROTATION", "TRANSFER", "COMPLETED", "LEFT_TRAINING", "WITHDRAWN", "RETIRED", "OTHER")

// Pair modes of a deanery–trust interface pair on a day.
const (
	PairNone = "NONE"
	PairPart = "PART"
	PairFull = "FULL"
)

// PairModes is the pair mode list.
var PairModes = newSet("pair mode", PairNone, PairPart, PairFull)

// Post statuses (Intrepid); Empower writes ACTIVE Yes/No.
var PostStatuses = newSet("post status", "CURRENT", "INACTIVE")

// Staff group and professional body, fixed for doctors.
const (
	StaffGroupMedical = "Medical and Dental"
	BodyGMC           = "General Medical Council"
)

// NotKnown is the site code DNC writes when a trainee has no next site.
const NotKnown = "NOT KNOWN"

// lookup finds key in column from of pairs and returns column to.
func lookup(pairs [][2]string, from, to int, key string) (string, bool) {
	for _, p := range pairs {
		if p[from] == key {
			return p[to], true
		}
	}
	return "", false
}
