package provider

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

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
