package bot

import (
	"strings"

	"linli/internal/gatedre"
)

// Targets reads the leading 「@群名」 words of a coordinator's command (or
// 「@全部」 for every group of the community) and checks that each is a
// group of comm the bot is in; it returns the groups and the words after
// them. With none, a group chat targets itself; a private chat targets the
// community's only group when sole is set, and is otherwise told to name
// one: usage is the command written out with 「@群名」, as the answer shows
// it ("提醒 @锦霞一群 每天20:00 记得打卡").
func (d *Directory) Targets(t *Turn, comm, args, usage string, sole bool) ([]string, string, error) {
	var names []string
	rest := args
	for strings.HasPrefix(rest, "@") {
		word, after, _ := strings.Cut(rest[1:], " ")
		word = strings.TrimRight(word, ",，、")
		if word == "" {
			return nil, "", Userf("「@」后面请写群名，例如：%s", usage)
		}
		names = append(names, word)
		rest = strings.TrimSpace(after)
	}
	all := d.Groups(comm)
	if len(names) == 0 {
		switch {
		case t.InGroup():
			return []string{t.Chat.Name}, rest, nil
		case sole && len(all) == 1:
			return all, rest, nil
		}
		return nil, "", Userf("私聊时请写发到哪个群，例如：%s（本社区所有群写 @全部）。", usage)
	}
	var groups []string
	seen := map[string]bool{}
	add := func(g string) {
		if !seen[g] {
			seen[g] = true
			groups = append(groups, g)
		}
	}
	for _, n := range names {
		if n == "全部" || n == "所有群" || n == "全部群" {
			if len(all) == 0 {
				return nil, "", Userf("%s还没有我在的群。", comm)
			}
			for _, g := range all {
				add(g)
			}
			continue
		}
		c, ok := d.CommunityOf(n)
		if !ok {
			return nil, "", Userf("我不在「%s」这个群里，请检查群名（%s的群：%s）。", n, comm, strings.Join(all, "、"))
		}
		if c != comm {
			return nil, "", Userf("「%s」不是%s的群，只能发到本社区的群。", n, comm)
		}
		add(n)
	}
	return groups, rest, nil
}

// groupWords are the words of a group's name that do not tell it from the
// others.
var groupWords = strings.NewReplacer("群", "", "业主", "", "居民", "", "社区", "", "邻里", "", "小区", "")

// GroupsNamed lists the groups of a community that words name by a
// distinctive part of their names: 「二期群」 names 枫林二期业主群, 「一群
// 二群都发」 names 春晖一群 and 春晖二群; 「所有群」「两个群」 name them all.
func (d *Directory) GroupsNamed(community, text string) []string {
	groups := d.Groups(community)
	if allGroups.MatchString(text) {
		return groups
	}
	prefix := ""
	if len(groups) > 1 {
		prefix = commonPrefix(groups)
	}
	var named []string
	for _, g := range groups {
		if own := []rune(g[len(prefix):]); prefix != "" && len(own) >= 2 && containsPiece(text, string(own[:2])) {
			named = append(named, g)
			continue
		}
		r := []rune(groupWords.Replace(g))
		for i := 0; i+2 <= len(r); i++ {
			piece := string(r[i : i+2])
			if commonPiece[piece] && !strings.Contains(text, piece+"群") {
				// 「在活动室二楼」「让居民报名」 name no group.
				continue
			}
			if containsPiece(text, piece) && !sharedPiece(groups, g, piece) {
				named = append(named, g)
				break
			}
		}
	}
	return named
}

// commonPiece are pieces of groups' names that are everyday words too: they
// name a group only with 群 after them (「活动群」).
var commonPiece = map[string]bool{"活动": true, "居民": true, "业主": true, "老年": true}

// sharedPiece reports whether another of groups has piece in its name:
// 「号楼」 of 新华1号楼群 and 新华2号楼群 names neither.
func sharedPiece(groups []string, g, piece string) bool {
	for _, o := range groups {
		if o != g && strings.Contains(o, piece) {
			return true
		}
	}
	return false
}

// containsPiece reports whether text holds piece, one that starts with a
// digit only where no digit comes before it: 「1号」 is not in 「21号上午」.
func containsPiece(text, piece string) bool {
	if piece == "" || piece[0] < '0' || piece[0] > '9' {
		return strings.Contains(text, piece)
	}
	for i := 0; ; {
		j := strings.Index(text[i:], piece)
		if j < 0 {
			return false
		}
		if at := i + j; at == 0 || text[at-1] < '0' || text[at-1] > '9' {
			return true
		}
		i += j + 1
	}
}

// allGroups says every group: 「所有群」「两个群都」「各个群」.
var allGroups = gatedre.MustCompile(`(所有|全部|每个|各个|两个|三个|几个)(的)?群`)

// commonPrefix is the longest whole-rune prefix of all names.
func commonPrefix(names []string) string {
	p := []rune(names[0])
	for _, n := range names[1:] {
		r := []rune(n)
		i := 0
		for i < len(p) && i < len(r) && p[i] == r[i] {
			i++
		}
		p = p[:i]
	}
	return string(p)
}
