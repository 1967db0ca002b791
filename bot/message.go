// Package bot is the chat core of linli: the messages, chats and members it
// talks about, the gateway it talks through, the router that decides who may
// trigger what, identity resolution, the outbox and the clock.
//
// Nothing here knows WeChat or SQL: gateways (bot/wechat, bot/sim) and stores
// (storage/sqlite, storage/redis) implement the interfaces defined here.
package bot

import "time"

// ChatKind tells a group chat from a private (one-to-one) chat.
type ChatKind int

const (
	// Group is a WeChat group chat; linli is quiet there by default.
	Group ChatKind = iota
	// Private is a one-to-one chat with the bot; linli answers everything.
	Private
)

// String names the kind for logs.
func (k ChatKind) String() string {
	if k == Private {
		return "private"
	}
	return "group"
}

// Chat is where a message was said. Groups are known by their name, which
// survives re-logins; WeChat's own group ids do not.
type Chat struct {
	Kind ChatKind
	// Name is the group name; for a private chat, the other party's name.
	Name string
	// Community is the community a group belongs to (from the config); for a
	// private chat, the sender's home community once resolved.
	Community string
	// Channel is the road the chat is on: "" for personal WeChat (groups
	// and private chats), OfficialAccount for the 公众号.
	Channel string
}

// MessageKind is what a message carries.
type MessageKind int

const (
	// Text is a plain text message.
	Text MessageKind = iota
	// Image is a photo (a check-in may come with one).
	Image
	// Other is anything else: voice, stickers, links, system notices.
	Other
)

// Sender is who sent a message as the platform sees them. None of these
// fields is stable across logins; identity resolution turns them into a
// Member.
type Sender struct {
	// PlatformID is the platform's user id (WeChat's UserName), which changes
	// on every login.
	PlatformID string
	// DisplayName is the name shown in the group (group alias or nickname).
	DisplayName string
	// NickName is the account's own nickname.
	NickName string
	// AvatarID identifies the avatar image, which also changes.
	AvatarID string
}

// Message is one inbound message, as a gateway hands it to the router.
type Message struct {
	// ID is the platform message id; every effect of the message is keyed by
	// it, so a redelivery changes nothing.
	ID     string
	Chat   Chat
	Sender Sender
	Text   string
	Kind   MessageKind
	// Mentions lists the display names @-mentioned in the text.
	Mentions []string
	// MentionsBot is true when the bot itself was @-mentioned.
	MentionsBot bool
	Time        time.Time
}

// Role is what a member may do in a community.
type Role int

const (
	// Resident is every member by default.
	Resident Role = iota
	// Coordinator is a community worker (社区工作者), authorised by a one-time
	// code; only coordinators run coordinator commands.
	Coordinator
)

// String names the role in Chinese, as members see it.
func (r Role) String() string {
	if r == Coordinator {
		return "管理员"
	}
	return "居民"
}

// Member is a person as linli knows them: our own stable id, linked to the
// platform ids and display names seen in each group.
type Member struct {
	ID int64
	// Name is the name linli shows and accepts for the member: the display
	// name last seen, followed by (2), (3)… when another member of the
	// community already goes by it, so that two people with one name are
	// told apart wherever a name is shown or typed.
	Name string
	// NameChanged is when the member last took a different display name
	// (zero for the name they first came with).
	NameChanged time.Time
	// Community is the member's home community: the community of the first
	// group they were seen in, or the one they coordinate.
	Community string
	// Role is the member's role in the community of the current chat.
	Role Role
}

// AddressKind tells a group address from a private one.
type AddressKind int

const (
	// ToGroup sends to a group chat by name.
	ToGroup AddressKind = iota
	// ToMember sends privately to a member.
	ToMember
)

// Address is where an outgoing message goes: a group by name, or a member
// privately. Gateways map it to the platform's current ids at send time, so a
// message queued before a re-login still reaches the right chat.
type Address struct {
	Kind AddressKind
	// Group is the group name for ToGroup.
	Group string
	// MemberID and MemberName identify the recipient for ToMember.
	MemberID   int64
	MemberName string
	// PlatformID is the member's latest id on the platform, filled in by
	// the outbox just before it sends (never stored: ids change between
	// logins); "" when unknown, and the gateway then looks by name.
	PlatformID string
	// Channel is the road the message takes, filled in by the outbox with
	// PlatformID (the road the member last wrote on); "" is personal
	// WeChat.
	Channel string
}

// GroupAddress addresses a group by name.
func GroupAddress(name string) Address { return Address{Kind: ToGroup, Group: name} }

// MemberAddress addresses a member privately.
func MemberAddress(m Member) Address {
	return Address{Kind: ToMember, MemberID: m.ID, MemberName: m.Name}
}

// Outgoing is one message to send. It is stored in the outbox before it is
// sent.
type Outgoing struct {
	To   Address
	Text string
	// Source is what caused it: an inbound message id or a job slot key.
	Source string
	// Picture, when set, is a picture to send in place of Text; Text then
	// says the same in words, for a gateway that cannot send pictures.
	Picture *Picture `json:",omitempty"`
	// File, when set, is a document to send in place of Text (the month's
	// 台账 as an xlsx); Text then tells where else to get it, for a
	// gateway that cannot send files.
	File *File `json:",omitempty"`
	// Secret marks a text that holds a credential (a login link): once
	// delivered, the outbox keeps SentSecret in its place.
	Secret bool `json:",omitempty"`
}

// SentSecret is what the outbox keeps of a Secret text once it is
// delivered.
const SentSecret = "（含登录链接，已发出，不再保存）"

// File is a document in the outbox, stored with its message like a
// Picture, so it is sent after a restart exactly as it was written.
type File struct {
	// Name is the file name the recipient sees (「台账-锦霞社区-2026-11.xlsx」).
	Name string
	Data []byte
}

// Picture is a picture in the outbox: stored with its message, so it is sent
// after a restart exactly as it was drawn.
type Picture struct {
	// Name is a file name for it (「光荣榜-锦霞一群-2026-11-22.png」);
	// gateways that upload files use it.
	Name string
	PNG  []byte
}
