package provider

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
)

// Handling: ImportState refuses an ID that cannot be one (apiclient.CheckID)
// before any request: "" would GET the collection (and used to crash the
// provider), "/" and "?" would change the request's path or query, and so
// on. Each import fails with "Invalid import ID" and the emulator sees no
// request at all. Verified failing with the CheckID guard removed from
// ImportState (the error is then "Cannot import partner attachment" after
// a request, or for "" an error about the collection's answer).
func TestAccPartnerAttachment_importRefusesImpossibleIDs(t *testing.T) {
	env := newAccEnv(t, fakeapi.Options{})
	env.requireEmulator(t, "reads the emulator's journal")
	cfg := env.config(baseAttachment(env.name("import-id")).hcl("test"))
	var steps []resource.TestStep
	for _, id := range []string{"", "/", "?", "%2F", "a b", "x#y"} {
		detail := wrapped(fmt.Sprintf("%q cannot be an attachment ID", id))
		if id == "" {
			detail = wrapped("the attachment ID is empty")
		}
		steps = append(steps, resource.TestStep{
			Config:       cfg,
			ResourceName: addr,
			ImportState:  true,
			// ImportStateId "" would mean "the ID in state"; the func
			// gives the empty ID itself.
			ImportStateIdFunc: func(*terraform.State) (string, error) { return id, nil },
			ExpectError:       regexp.MustCompile(`(?s)Importing partner attachment: invalid import ID.*` + detail.String()),
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkNoneLeft,
		Steps:                    steps,
	})
	if j := env.api.Journal(); len(j) != 0 {
		t.Errorf("importing impossible IDs sent requests: %v", j)
	}
}

// Identity is set on create and kept on refresh and update; import blocks
// work by identity and by ID, with nothing lost (auth key included).
func TestAccPartnerAttachment_identity(t *testing.T) {
	env := newAccEnv(t, fakeapi.Options{})
	cfg := baseAttachment(env.name("identity"))
	renamed := cfg
	renamed.Name = env.name("identity.renamed")
	identityChecks := []statecheck.StateCheck{
		statecheck.ExpectIdentity(addr, map[string]knownvalue.Check{"id": knownvalue.NotNull()}),
		statecheck.ExpectIdentityValueMatchesState(addr, tfjsonpath.New("id")),
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkNoneLeft,
		Steps: []resource.TestStep{
			{Config: env.config(cfg.hcl("test")), ConfigStateChecks: identityChecks},
			{Config: env.config(renamed.hcl("test")), ConfigStateChecks: identityChecks},
			{
				Config:          env.config(renamed.hcl("test")),
				ResourceName:    addr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
			{
				Config:          env.config(renamed.hcl("test")),
				ResourceName:    addr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
			},
		},
	})
}

// An attachment deleted out of band is dropped from state by the next
// refresh, also when Terraform sends no identity with the state (Terraform
// before 1.12, or state written before the provider had identity): the
// framework refuses a read response without identity, even one that removes
// the resource. Driven through the plugin protocol, so every run checks it,
// whatever the CLI.
func TestReadOfVanishedAttachmentWithoutIdentity(t *testing.T) {
	env := newAccEnv(t, fakeapi.Options{})
	env.requireEmulator(t, "answers 404 for an unknown attachment")
	ctx := context.Background()
	server, err := env.factories()["do"]()
	if err != nil {
		t.Fatal(err)
	}
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(schemas.Diagnostics) > 0 {
		t.Fatalf("schema: %v %v", err, schemas.Diagnostics)
	}
	config := dynamicObject(t, schemas.Provider.ValueType(), map[string]tftypes.Value{
		"token":        tftypes.NewValue(tftypes.String, env.token),
		"api_endpoint": tftypes.NewValue(tftypes.String, env.url),
	})
	configured, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: config})
	if err != nil || len(configured.Diagnostics) > 0 {
		t.Fatalf("configure: %v %v", err, configured.Diagnostics)
	}
	stateType := schemas.ResourceSchemas["do_partner_attachment"].ValueType()
	const gone = "0d1e3c52-9d58-4e57-a3d4-5f0c0f3a8e11"
	read, err := server.ReadResource(ctx, &tfprotov6.ReadResourceRequest{
		TypeName:     "do_partner_attachment",
		CurrentState: dynamicObject(t, stateType, map[string]tftypes.Value{"id": tftypes.NewValue(tftypes.String, gone)}),
	})
	if err != nil {
		t.Fatal(err)
	}
	var warned bool
	for _, d := range read.Diagnostics {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			t.Errorf("read failed: %s: %s", d.Summary, d.Detail)
		}
		warned = warned || d.Summary == "Reading partner attachment "+gone+": no longer exists"
	}
	if !warned {
		t.Errorf("want the warning that the attachment is gone, got %v", read.Diagnostics)
	}
	if read.NewState == nil {
		t.Fatal("no new state")
	}
	if v, err := read.NewState.Unmarshal(stateType); err != nil || !v.IsNull() {
		t.Fatalf("new state %v (%v), want null: the attachment must leave state", v, err)
	}
}

// dynamicObject is an object of type typ (an object type) with the given
// attributes and every other attribute null.
func dynamicObject(t *testing.T, typ tftypes.Type, set map[string]tftypes.Value) *tfprotov6.DynamicValue {
	t.Helper()
	obj, ok := typ.(tftypes.Object)
	if !ok {
		t.Fatalf("%s is not an object type", typ)
	}
	vals := make(map[string]tftypes.Value, len(obj.AttributeTypes))
	for name, at := range obj.AttributeTypes {
		vals[name] = tftypes.NewValue(at, nil)
	}
	for name, v := range set {
		if _, ok := vals[name]; !ok {
			t.Fatalf("%s has no attribute %q", typ, name)
		}
		vals[name] = v
	}
	dv, err := tfprotov6.NewDynamicValue(obj, tftypes.NewValue(obj, vals))
	if err != nil {
		t.Fatal(err)
	}
	return &dv
}
