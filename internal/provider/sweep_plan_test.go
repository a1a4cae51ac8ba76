package provider

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/digitalocean/godo"
)

// accNamePrefix starts the name of everything an acceptance test creates
// (accEnv.name). The sweeper deletes only attachments whose name has it.
const accNamePrefix = "tfacc-"

// sweepPlan is what a sweep will delete, in rounds: every attachment of a
// round has all its children in earlier rounds, so children go before their
// parents.
type sweepPlan struct {
	rounds [][]*godo.PartnerAttachment
	// kept are test attachments left in place, with the reason.
	kept []string
	// parentOf links each attachment to its parent, to stop an ancestor's
	// deletion when a descendant could not be deleted.
	parentOf map[string]string
}

// planSweep picks the test attachments in region ("all" for every region)
// out of the whole list and orders them. A test attachment with a child that
// is not being swept stays, with its ancestors: deleting it would either be
// refused or take an attachment that is not ours with it.
func planSweep(all []*godo.PartnerAttachment, region string) sweepPlan {
	byID := map[string]*godo.PartnerAttachment{}
	for _, a := range all {
		byID[a.ID] = a
	}
	plan := sweepPlan{parentOf: map[string]string{}}
	children := map[string][]string{}
	link := func(parent, child string) {
		if parent != "" && child != "" && !slices.Contains(children[parent], child) {
			children[parent] = append(children[parent], child)
			plan.parentOf[child] = parent
		}
	}
	swept := map[string]bool{}
	for _, a := range all {
		link(a.ParentUuid, a.ID)
		for _, c := range a.Children {
			link(a.ID, c)
		}
		if strings.HasPrefix(a.Name, accNamePrefix) && (strings.EqualFold(region, "all") || strings.EqualFold(a.Region, region)) {
			swept[a.ID] = true
		}
	}
	for changed := true; changed; {
		changed = false
		for _, a := range all {
			if !swept[a.ID] {
				continue
			}
			if i := slices.IndexFunc(children[a.ID], func(c string) bool { return !swept[c] }); i >= 0 {
				delete(swept, a.ID)
				plan.kept = append(plan.kept, fmt.Sprintf("%s: its child %s is not being swept", attachmentLabel(a), attachmentLabelByID(byID, children[a.ID][i])))
				changed = true
			}
		}
	}
	height := map[string]int{}
	var heightOf func(id string, depth int) int
	heightOf = func(id string, depth int) int {
		if h, ok := height[id]; ok || depth > len(all) { // depth bound: a cycle in the links
			return h
		}
		h := 0
		for _, c := range children[id] {
			h = max(h, heightOf(c, depth+1)+1)
		}
		height[id] = h
		return h
	}
	for _, a := range all {
		if !swept[a.ID] {
			continue
		}
		h := heightOf(a.ID, 0)
		for len(plan.rounds) <= h {
			plan.rounds = append(plan.rounds, nil)
		}
		plan.rounds[h] = append(plan.rounds[h], a)
	}
	for _, r := range plan.rounds {
		slices.SortFunc(r, func(a, b *godo.PartnerAttachment) int {
			return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
		})
	}
	slices.Sort(plan.kept)
	return plan
}

// ancestors lists id's parent, its parent's parent, and so on.
func (p sweepPlan) ancestors(id string) []string {
	var out []string
	for parent := p.parentOf[id]; parent != "" && !slices.Contains(out, parent); parent = p.parentOf[parent] {
		out = append(out, parent)
	}
	return out
}

func attachmentLabel(a *godo.PartnerAttachment) string { return fmt.Sprintf("%s (%s)", a.Name, a.ID) }

func attachmentLabelByID(byID map[string]*godo.PartnerAttachment, id string) string {
	if a, ok := byID[id]; ok {
		return attachmentLabel(a)
	}
	return id
}

// pa is a listed attachment for planSweep cases: id, name, region, parent.
func pa(id, name, region, parent string, children ...string) *godo.PartnerAttachment {
	return &godo.PartnerAttachment{ID: id, Name: name, Region: region, ParentUuid: parent, Children: children}
}

func roundNames(p sweepPlan) [][]string {
	out := make([][]string, len(p.rounds))
	for i, r := range p.rounds {
		for _, a := range r {
			out[i] = append(out[i], a.Name)
		}
	}
	return out
}

func TestPlanSweep(t *testing.T) {
	cases := []struct {
		name   string
		region string
		list   []*godo.PartnerAttachment
		rounds [][]string
		kept   []string // substrings, one per kept attachment
	}{
		{
			name: "only names starting with the prefix", region: "all",
			list: []*godo.PartnerAttachment{
				pa("1", "tfacc-a", "NYC", ""), pa("2", "prod-b", "NYC", ""),
				pa("3", "app-tfacc-c", "NYC", ""), pa("4", "TFACC-d", "NYC", ""),
			},
			rounds: [][]string{{"tfacc-a"}},
		},
		{
			name: "children before parents, whatever the list order", region: "all",
			list: []*godo.PartnerAttachment{
				pa("c", "tfacc-child", "NYC", "p"), pa("g", "tfacc-grandchild", "NYC", "c"),
				pa("x", "tfacc-lone", "NYC", ""), pa("p", "tfacc-parent", "NYC", ""),
			},
			rounds: [][]string{{"tfacc-grandchild", "tfacc-lone"}, {"tfacc-child"}, {"tfacc-parent"}},
		},
		{
			name: "a child known only from its parent's children", region: "all",
			list:   []*godo.PartnerAttachment{pa("p", "tfacc-parent", "NYC", "", "c"), pa("c", "tfacc-child", "NYC", "")},
			rounds: [][]string{{"tfacc-child"}, {"tfacc-parent"}},
		},
		{
			name: "a parent of an attachment that stays stays, with its ancestors", region: "all",
			list: []*godo.PartnerAttachment{
				pa("gp", "tfacc-grandparent", "NYC", ""), pa("p", "tfacc-parent", "NYC", "gp"),
				pa("c", "prod-child", "NYC", "p"), pa("s", "tfacc-sibling", "NYC", "gp"),
			},
			rounds: [][]string{{"tfacc-sibling"}},
			kept: []string{
				"tfacc-grandparent (gp): its child tfacc-parent (p) is not being swept",
				"tfacc-parent (p): its child prod-child (c) is not being swept",
			},
		},
		{
			name: "one region", region: "nyc",
			list:   []*godo.PartnerAttachment{pa("n", "tfacc-n", "NYC", ""), pa("a", "tfacc-a", "AMS", "")},
			rounds: [][]string{{"tfacc-n"}},
		},
		{
			name: "every region", region: "all",
			list:   []*godo.PartnerAttachment{pa("n", "tfacc-n", "NYC", ""), pa("a", "tfacc-a", "AMS", "")},
			rounds: [][]string{{"tfacc-a", "tfacc-n"}},
		},
		{
			name: "a child in the region whose parent is elsewhere", region: "nyc",
			list:   []*godo.PartnerAttachment{pa("p", "tfacc-p", "AMS", ""), pa("c", "tfacc-c", "NYC", "p")},
			rounds: [][]string{{"tfacc-c"}},
		},
		{
			name: "nothing to sweep", region: "all",
			list: []*godo.PartnerAttachment{pa("1", "prod", "NYC", "")},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := planSweep(tc.list, tc.region)
			if got := roundNames(p); !slices.EqualFunc(got, tc.rounds, slices.Equal) {
				t.Errorf("rounds %q, want %q", got, tc.rounds)
			}
			if len(p.kept) != len(tc.kept) {
				t.Fatalf("kept %q, want %d like %q", p.kept, len(tc.kept), tc.kept)
			}
			for i, want := range tc.kept {
				if !strings.Contains(p.kept[i], want) {
					t.Errorf("kept[%d] = %q, want it to say %q", i, p.kept[i], want)
				}
			}
		})
	}
}

// Parent links that loop (which the API should never produce) must not hang
// the planner; both attachments are still planned, once each.
func TestPlanSweep_cycle(t *testing.T) {
	p := planSweep([]*godo.PartnerAttachment{pa("a", "tfacc-a", "NYC", "b"), pa("b", "tfacc-b", "NYC", "a")}, "all")
	var planned []string
	for _, r := range roundNames(p) {
		planned = append(planned, r...)
	}
	slices.Sort(planned)
	if !slices.Equal(planned, []string{"tfacc-a", "tfacc-b"}) {
		t.Errorf("planned %q", planned)
	}
	if got := p.ancestors("a"); !slices.Equal(got, []string{"b", "a"}) {
		t.Errorf("ancestors of a in a loop: %q, want each once", got)
	}
}
