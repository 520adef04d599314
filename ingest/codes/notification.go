package codes

import "strconv"

// NotificationType is the type of a DNC record (domain 5.7).
type NotificationType int

// Notification types. Type 3 is reserved: it is never produced and ESR
// rejects it (TYPE_UNSUPPORTED).
const (
	Rotation    NotificationType = 1
	Withdrawal  NotificationType = 2
	Replacement NotificationType = 3
	DateChange  NotificationType = 4
	NewPost     NotificationType = 5
)

var notificationNames = map[NotificationType]string{
	Rotation: "rotation", Withdrawal: "withdrawal", Replacement: "replacement (reserved)",
	DateChange: "date change", NewPost: "new post",
}

// NotificationTypes returns the types in code order, the reserved one included.
func NotificationTypes() []NotificationType {
	return []NotificationType{Rotation, Withdrawal, Replacement, DateChange, NewPost}
}

// Known reports whether n is one of the five types.
func (n NotificationType) Known() bool { _, ok := notificationNames[n]; return ok }

// Supported reports whether ESR accepts the type (all but the reserved 3).
func (n NotificationType) Supported() bool { return n.Known() && n != Replacement }

func (n NotificationType) String() string {
	if s, ok := notificationNames[n]; ok {
		return s
	}
	return "notification type " + strconv.Itoa(int(n))
}

// WithdrawalOther is the withdrawal reason "other", the only one produced.
const WithdrawalOther = 3

// ValidWithdrawalReason reports whether a reader accepts the reason (1–9).
func ValidWithdrawalReason(n int) bool { return n >= 1 && n <= 9 }
