package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/digitalocean/godo"
	"github.com/hashicorp/terraform-exec/tfexec"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/pnc-tf/terraform-provider-do/internal/apiclient"
	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
	"github.com/pnc-tf/terraform-provider-do/internal/tfcli"
)

// The plan-time name and parent checks (partner_attachment_plan_checks.go).
// Each refusal the API makes (the emulator refuses the same) is caught by a
// plan-only step: without the check the plan succeeds and the step fails for
// want of its error, and the journal shows that no create was sent.

// planError matches the error a plan-only step must end with: after
// "Error:", so that text in the plan's own output never matches.
func planError(parts ...string) *regexp.Regexp {
	quoted := make([]string, len(parts))
	for i, p := range parts {
		quoted[i] = strings.ReplaceAll(regexp.QuoteMeta(p), " ", `\s+`)
	}
	return regexp.MustCompile(`(?s)Error: .*` + strings.Join(quoted, ".*"))
}

// noWrites is a CheckDestroy for tests whose plans must fail: the emulator
// saw no create, update or delete.
func (e *accEnv) noWrites(*terraform.State) error {
	for _, j := range e.api.Journal() {
		if j.Method != http.MethodGet {
			return fmt.Errorf("a plan that must fail sent %s %s", j.Method, j.Path)
		}
	}
	return nil
}

// A name held by an attachment this configuration does not manage fails the
// plan with what the apply's refusal says: the attachment's ID, state,
// region and creation time, and the import block.
func TestAccPlanChecks_nameInUse(t *testing.T) {
	env := newAccEnv(t, fakeapi.Options{})
	env.requireEmulator(t, "seeds the attachment that holds the name")
	cfg := withoutBGP(env.name("taken"))
	existing := env.api.Seed(fakeapi.SeedAttachment{Name: cfg.Name, VPCIDs: cfg.VPCs})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.noWrites,
		Steps: []resource.TestStep{{
			Config:   env.config(cfg.hcl("test")),
			PlanOnly: true,
			ExpectError: planError(fmt.Sprintf("Planning partner attachment %q: name already in use", cfg.Name),
				"Attachment "+existing+" (state ACTIVE, region NYC, created ",
				"import {", `to = do_partner_attachment.<this resource's name>`, fmt.Sprintf("id = %q", existing)),
		}},
	})
}

// Renaming a managed attachment to a name another attachment holds fails the
// plan too, without the import block (this resource has its attachment).
func TestAccPlanChecks_renameToNameInUse(t *testing.T) {
	env := newAccEnv(t, fakeapi.Options{})
	env.requireEmulator(t, "seeds the attachment that holds the name")
	cfg := withoutBGP(env.name("mine"))
	holder := env.name("theirs")
	existing := env.api.Seed(fakeapi.SeedAttachment{Name: holder})
	renamed := cfg
	renamed.Name = holder
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{Config: env.config(cfg.hcl("test"))},
			{
				PreConfig:   env.api.ResetJournal,
				Config:      env.config(renamed.hcl("test")),
				PlanOnly:    true,
				ExpectError: planError(": name already in use", "Attachment "+existing, "Choose another name, or rename or delete that attachment."),
			},
			{
				PreConfig: func() {
					if err := env.noWrites(nil); err != nil {
						t.Error(err)
					}
				},
				Config:   env.config(cfg.hcl("test")),
				PlanOnly: true,
			},
		},
	})
}

// Two resources that would take one name fail the plan (the second one
// planned; which one that is, Terraform decides).
func TestAccPlanChecks_nameTakenInThisPlan(t *testing.T) {
	env := newAccEnv(t, fakeapi.Options{})
	env.requireEmulator(t, "checks the emulator's journal")
	name := env.name("twice")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.noWrites,
		Steps: []resource.TestStep{{
			Config:      env.config(withoutBGP(name).hcl("a"), withoutBGP(name).hcl("b")),
			PlanOnly:    true,
			ExpectError: planError(fmt.Sprintf("Planning partner attachment %q: name taken in this plan", name), "Another do_partner_attachment resource in this plan"),
		}},
	})
}

// A resource renamed in the configuration without a moved block: the plan
// destroys the old address's attachment and creates one with its name at the
// new address, in no set order, so the API may refuse the create. The plan
// fails and says to add a moved block; with it, the attachment is kept.
func TestAccPlanChecks_renamedWithoutMovedBlock(t *testing.T) {
	env := newAccEnv(t, fakeapi.Options{})
	cfg := withoutBGP(env.name("moved"))
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkNoneLeft,
		Steps: []resource.TestStep{
			{Config: env.config(cfg.hcl("old")), Check: captureID("do_partner_attachment.old", &id)},
			{
				Config:      env.config(cfg.hcl("new")),
				PlanOnly:    true,
				ExpectError: planError("name freed in the same plan", "moved {", "from = do_partner_attachment.<old name>"),
			},
			{
				Config: env.config(cfg.hcl("new"), "moved {\n  from = do_partner_attachment.old\n  to   = do_partner_attachment.new\n}\n"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("do_partner_attachment.new", plancheck.ResourceActionNoop),
				}},
				Check: resource.TestCheckResourceAttrPtr("do_partner_attachment.new", "id", &id),
			},
		},
	})
}

// A replacement keeps its name: the plan does not count the attachment it
// replaces as another holder, and the apply (delete, then create) succeeds.
func TestAccPlanChecks_replacementKeepsName(t *testing.T) {
	env := newAccEnv(t, fakeapi.Options{})
	cfg := withoutBGP(env.name("replaced"))
	faster := cfg
	faster.Bandwidth = 2000
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkNoneLeft,
		Steps: []resource.TestStep{
			{Config: env.config(cfg.hcl("test"))},
			{
				Config: env.config(faster.hcl("test")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				Check: resource.TestCheckResourceAttr(addr, "connection_bandwidth_in_mbps", "2000"),
			},
		},
	})
}

// A name that is unknown at plan time (it comes from another resource) is
// not checked then; the apply's own plan of it, once it is known, is.
func TestAccPlanChecks_unknownNameSkipped(t *testing.T) {
	env := newAccEnv(t, fakeapi.Options{})
	first := withoutBGP(env.name("first"))
	second := withoutBGP("")
	raw := second.hcl("second")
	prefix := env.name("second")
	raw = strings.Replace(raw, `name = ""`, fmt.Sprintf(`name = "%s-${substr(do_partner_attachment.first.id, 0, 8)}"`, prefix), 1)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkNoneLeft,
		Steps: []resource.TestStep{{
			Config: env.config(first.hcl("first"), raw),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectUnknownValue("do_partner_attachment.second", tfjsonpath.New("name")),
			}},
			Check: resource.TestMatchResourceAttr("do_partner_attachment.second", "name", regexp.MustCompile("^"+regexp.QuoteMeta(prefix)+"-[0-9a-f]{8}$")),
		}},
	})
}

// A parent_uuid that names no attachment, one being deleted or failed, or a
// child fails the plan; the emulator refuses each of them at create.
func TestAccPlanChecks_parent(t *testing.T) {
	cases := []struct {
		name    string
		problem string
		// parent seeds the parent (in env) and returns its ID.
		parent func(env *accEnv) string
	}{
		{"not found", "parent attachment not found", func(*accEnv) string { return "5a4981aa-9653-4bd1-bef5-d6bff52042e4" }},
		{"being deleted", "parent attachment being deleted", func(env *accEnv) string {
			return env.api.Seed(fakeapi.SeedAttachment{Name: env.name("going"), State: fakeapi.StateDeleting})
		}},
		{"error state", "parent attachment failed", func(env *accEnv) string {
			return env.api.Seed(fakeapi.SeedAttachment{Name: env.name("broken"), State: "ERROR"})
		}},
		{"a child", "parent attachment is a child", func(env *accEnv) string {
			top := env.api.Seed(fakeapi.SeedAttachment{Name: env.name("top")})
			return env.api.Seed(fakeapi.SeedAttachment{Name: env.name("middle"), ParentUUID: top})
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			env := newAccEnv(t, fakeapi.Options{})
			env.requireEmulator(t, "seeds the parent")
			child := withoutBGP(env.name("child"))
			parent := tc.parent(env)
			child.Extra = fmt.Sprintf("  parent_uuid = %q\n", parent)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: env.factories(),
				CheckDestroy:             env.noWrites,
				Steps: []resource.TestStep{{
					Config:      env.config(child.hcl("test")),
					PlanOnly:    true,
					ExpectError: planError(fmt.Sprintf("Planning partner attachment %q: %s", child.Name, tc.problem), parent),
				}},
			})
		})
	}
}

// What the checks cost, counted in the emulator's journal: nothing for
// validate; one list for a plan that creates; nothing for a plan that
// creates and renames nothing; one list shared by the refresh and the
// checks; and, when the list is refused or does not answer, a warning and a
// plan that goes on, with the list sent once.
func TestAccPlanChecks_requests(t *testing.T) {
	env := newAccEnv(t, fakeapi.Options{})
	env.requireEmulator(t, "counts the requests in the emulator's journal")
	out := &syncBuffer{}
	ws := env.workspace(t, out, func(o *tfcli.Options) {
		o.Provider = providerserver.NewProtocol6(NewWithOptions("test", Options{Wait: accWait, PlanCheckTimeout: 300 * time.Millisecond})())
	})
	ctx := context.Background()
	write := func(n int) {
		t.Helper()
		blocks := make([]string, n)
		for i := range blocks {
			blocks[i] = withoutBGP(env.name(fmt.Sprintf("cost-%d", i))).hcl(fmt.Sprintf("r%d", i))
		}
		if err := ws.WriteConfig(env.config(blocks...)); err != nil {
			t.Fatal(err)
		}
	}
	isList := func(j fakeapi.Entry) bool { return j.Method == http.MethodGet && j.Path == attachmentsPath }
	// run runs cmd on a clean journal and returns the list requests and all requests it sent.
	run := func(what string, cmd func() error) (lists, all int) {
		t.Helper()
		env.api.ResetJournal()
		mark := len(out.String())
		if err := cmd(); err != nil {
			t.Fatalf("%s: %v\n%s", what, err, out.String()[mark:])
		}
		j := env.api.Journal()
		for _, e := range j {
			if isList(e) {
				lists++
			}
		}
		return lists, len(j)
	}
	plan := func() error { _, err := ws.Plan(ctx); return err }
	t.Cleanup(func() {
		env.api.ClearFaults()
		if err := ws.Destroy(ctx); err != nil {
			t.Errorf("destroy: %v", err)
		}
	})

	write(1)
	if err := ws.Init(ctx); err != nil {
		t.Fatal(err)
	}
	if _, all := run("validate", func() error {
		return ws.Run(ctx, func(ctx context.Context, tf *tfexec.Terraform, r *tfexec.ReattachOption) error {
			_, err := tf.Validate(ctx)
			return err
		})
	}); all != 0 {
		t.Errorf("validate sent %d requests, want none", all)
	}
	if lists, all := run("plan of one new attachment", plan); lists != 1 || all != 1 {
		t.Errorf("plan of one new attachment: %d lists, %d requests; want 1 and 1", lists, all)
	}
	if err := ws.Apply(ctx); err != nil {
		t.Fatalf("apply: %v\n%s", err, out)
	}
	// One attachment: its refresh is a GET of it, and the checks send nothing.
	if lists, all := run("plan without changes", plan); lists != 0 || all != 1 {
		t.Errorf("plan without changes: %d lists, %d requests; want 0 and 1 (the refresh's GET)", lists, all)
	}
	write(3)
	if err := ws.Apply(ctx); err != nil {
		t.Fatalf("apply: %v\n%s", err, out)
	}
	write(4)
	// Three to refresh and one to create: the refresh and the check share one list.
	if lists, _ := run("plan of one more", plan); lists != 1 {
		t.Errorf("plan refreshing three and creating one: %d lists, want 1", lists)
	}

	for _, fault := range []struct {
		what  string
		fault fakeapi.Fault
		want  string
	}{
		{"a token that may not list", fakeapi.Fault{Status: http.StatusForbidden}, "HTTP 403"},
		{"an API that does not answer", fakeapi.Fault{Latency: 10 * time.Second}, "did not answer the list of attachments within 300ms"},
	} {
		fault.fault.Match = func(r *http.Request) bool { return r.Method == http.MethodGet && r.URL.Path == attachmentsPath }
		env.api.InjectFaults(fault.fault)
		mark := len(out.String())
		lists, _ := run("plan with "+fault.what, plan)
		got := out.String()[mark:]
		for _, want := range []string{"Warning: Planning partner attachment", ": name and parent checks skipped", fault.want, "The plan goes on without these checks"} {
			if !wrapped(want).MatchString(got) {
				t.Errorf("plan with %s: output lacks %q:\n%s", fault.what, want, got)
			}
		}
		if lists != 1 {
			t.Errorf("plan with %s: %d lists, want 1 (not sent again)", fault.what, lists)
		}
		env.api.ClearFaults()
	}
}

// Claims and releases within one walk, without the API.
func TestPlanChecksClaimsAndReleases(t *testing.T) {
	p := newPlanChecks(apiclient.NewReadCache(nil))
	steps := []struct {
		what string
		got  bool
		want bool
	}{
		{"first create of a", p.claim("a", ""), false},
		{"second create of a", p.claim("a", ""), true},
		{"X keeps b", p.claim("b", "X"), false},
		{"X planned again", p.claim("b", "X"), false},
		{"a create of b, which X keeps", p.claim("b", ""), true},
		{"Y renamed to b", p.claim("b", "Y"), true},
		{"destroy of Z, whose name c nobody claims", p.release("Z", "c", true), false},
		{"destroy of W, whose name a a create claimed", p.release("W", "a", true), true},
		{"X renamed away from b, which only X claimed", p.release("X", "b", false), false},
	}
	for _, s := range steps {
		if s.got != s.want {
			t.Errorf("%s: got %v, want %v", s.what, s.got, s.want)
		}
	}
	if r, ok := p.released("W"); !ok || !r.destroy || r.name != "a" {
		t.Errorf("released(W) = %+v, %v", r, ok)
	}
}

// The view is the walk's one list with what the walk saw and deleted laid
// over it; a failed list is reported to every check and not sent again.
func TestPlanChecksView(t *testing.T) {
	ctx := context.Background()
	calls := 0
	var fail error
	p := &planChecks{timeout: time.Second, seen: map[string]godo.PartnerAttachment{}, gone: map[string]bool{},
		list: func(context.Context) ([]*godo.PartnerAttachment, error) {
			calls++
			return []*godo.PartnerAttachment{{ID: "A", Name: "a"}, {ID: "B", Name: "b"}}, fail
		}}
	p.record(&godo.PartnerAttachment{ID: "A", Name: "a2"})
	p.record(&godo.PartnerAttachment{ID: "C", Name: "c"})
	p.forget("B")
	for range 2 {
		v, err := p.view(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(v) != 2 || v["A"].Name != "a2" || v["C"].Name != "c" {
			t.Errorf("view = %v, want A renamed a2 and C, without B", v)
		}
	}
	if calls != 1 {
		t.Errorf("listed %d times, want once", calls)
	}

	fail = errors.New("HTTP 403")
	p = &planChecks{timeout: time.Second, list: func(context.Context) ([]*godo.PartnerAttachment, error) {
		calls++
		return nil, fail
	}}
	calls = 0
	for range 2 {
		if _, err := p.view(ctx); err == nil {
			t.Error("view over a failed list succeeded")
		}
	}
	if calls != 1 {
		t.Errorf("failed list sent %d times, want once", calls)
	}

	p = &planChecks{timeout: 10 * time.Millisecond, list: func(ctx context.Context) ([]*godo.PartnerAttachment, error) {
		<-ctx.Done()
		return nil, ctx.Err()
	}}
	if _, err := p.view(ctx); err == nil || !strings.Contains(err.Error(), "did not answer the list of attachments within 10ms") {
		t.Errorf("view over a list that never answers: %v", err)
	}
}

// What a parent must be to take a child.
func TestParentFindings(t *testing.T) {
	view := map[string]godo.PartnerAttachment{
		"ok":       {ID: "ok", Name: "ok", State: "ACTIVE"},
		"creating": {ID: "creating", Name: "creating", State: "CREATING"},
		"deleting": {ID: "deleting", Name: "deleting", State: "DELETING"},
		"deleted":  {ID: "deleted", Name: "deleted", State: "DELETED"},
		"error":    {ID: "error", Name: "error", State: "ERROR"},
		"failed":   {ID: "failed", Name: "failed", State: "CREATE_FAILED"},
		"child":    {ID: "child", Name: "child", State: "ACTIVE", ParentUuid: "ok"},
	}
	for parent, want := range map[string]string{
		"ok": "", "creating": "",
		"missing":  `Planning partner attachment "new": parent attachment not found`,
		"deleting": `Planning partner attachment "new": parent attachment being deleted`,
		"deleted":  `Planning partner attachment "new": parent attachment being deleted`,
		"error":    `Planning partner attachment "new": parent attachment failed`,
		"failed":   `Planning partner attachment "new": parent attachment failed`,
		"child":    `Planning partner attachment "new": parent attachment is a child`,
	} {
		var diags diag.Diagnostics
		parentFindings(context.Background(), view, "", "new", parent, &diags)
		got := ""
		if len(diags) > 0 {
			got = diags[0].Summary()
		}
		if len(diags) > 1 || got != want {
			t.Errorf("parent %s: %v, want %q", parent, diags, want)
		}
	}
}

// Who holds a name: not the instance itself, not a DELETED attachment; an
// attachment this plan destroys gives the moved-block error.
func TestNameFindings(t *testing.T) {
	created := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	view := map[string]godo.PartnerAttachment{
		"self":  {ID: "self", Name: "mine", State: "ACTIVE"},
		"dead":  {ID: "dead", Name: "free", State: "DELETED"},
		"other": {ID: "other", Name: "taken", State: "ACTIVE", Region: "NYC", CreatedAt: created},
		"old":   {ID: "old", Name: "moving", State: "ACTIVE"},
		"ours":  {ID: "ours", Name: "refreshed", State: "ACTIVE"},
		"slow":  {ID: "slow", Name: "unfinished", State: "CREATING"},
	}
	p := newPlanChecks(apiclient.NewReadCache(nil))
	p.release("old", "moving", true)
	p.record(&godo.PartnerAttachment{ID: "ours", Name: "refreshed", State: "ACTIVE"})
	cases := []struct {
		self, name, want string
		detail           []string
	}{
		{"self", "mine", "", nil},
		{"", "free", "", nil},
		{"", "taken", `Planning partner attachment "taken": name already in use`,
			[]string{"Attachment other (state ACTIVE, region NYC, created 2026-01-02T03:04:05Z)", "import {", `id = "other"`}},
		{"self", "taken", "Planning partner attachment self: name already in use", []string{"Choose another name, or rename or delete that attachment."}},
		{"", "moving", `Planning partner attachment "moving": name freed in the same plan`, []string{"Attachment old, which this plan destroys", "moved {"}},
		// A tainted attachment's replacement, seen by the refresh.
		{"", "refreshed", "", nil},
		// Not refreshed and not ready: perhaps tainted, a warning.
		{"", "unfinished", `Planning partner attachment "unfinished": name held by an unfinished attachment`,
			[]string{"Attachment slow (state CREATING)", "without -refresh=false", "import {"}},
	}
	for _, c := range cases {
		var diags diag.Diagnostics
		nameFindings(context.Background(), view, p, c.self, c.name, &diags)
		got := ""
		if len(diags) > 0 {
			got = diags[0].Summary()
		}
		if len(diags) > 1 || got != c.want {
			t.Errorf("%q planned by %q: %v, want %q", c.name, c.self, diags, c.want)
			continue
		}
		for _, d := range c.detail {
			if !strings.Contains(diags[0].Detail(), d) {
				t.Errorf("%q planned by %q: detail lacks %q:\n%s", c.name, c.self, d, diags[0].Detail())
			}
		}
	}
}
