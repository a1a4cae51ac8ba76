package main

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	realprovider "github.com/pnc-tf/terraform-provider-do/internal/provider"
)

const resourceType = "do_partner_attachment"

func servers(t *testing.T) (floor, served tfprotov6.ProviderServer) {
	t.Helper()
	return providerserver.NewProtocol6(newProvider())(), providerserver.NewProtocol6(realprovider.New("test")())()
}

// The floor must describe do_partner_attachment exactly as the served
// provider does, descriptions aside: a different shape would make the
// bench's floor measure a different plan.
func TestSchemaMatchesTheRealProvider(t *testing.T) {
	ctx := context.Background()
	floor, served := servers(t)
	schemaOf := func(s tfprotov6.ProviderServer) *tfprotov6.Schema {
		resp, err := s.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
		if err != nil || len(resp.Diagnostics) > 0 {
			t.Fatalf("GetProviderSchema: %v %v", err, resp.Diagnostics)
		}
		sch := resp.ResourceSchemas[resourceType]
		if sch == nil {
			t.Fatalf("no %s schema", resourceType)
		}
		return sch
	}
	got, want := shape(schemaOf(floor)), shape(schemaOf(served))
	if !reflect.DeepEqual(got, want) {
		t.Errorf("floor schema differs from the served provider's:\n got %s\nwant %s", js(t, got), js(t, want))
	}

	identityOf := func(s tfprotov6.ProviderServer) *tfprotov6.ResourceIdentitySchema {
		resp, err := s.GetResourceIdentitySchemas(ctx, &tfprotov6.GetResourceIdentitySchemasRequest{})
		if err != nil || len(resp.Diagnostics) > 0 {
			t.Fatalf("GetResourceIdentitySchemas: %v %v", err, resp.Diagnostics)
		}
		return resp.IdentitySchemas[resourceType]
	}
	gotID, wantID := identityOf(floor), identityOf(served)
	if gotID == nil || wantID == nil {
		t.Fatalf("identity schemas: floor %v, served %v", gotID, wantID)
	}
	for _, a := range append(gotID.IdentityAttributes, wantID.IdentityAttributes...) {
		a.Description = ""
	}
	if !reflect.DeepEqual(gotID, wantID) {
		t.Errorf("floor identity schema = %s, want %s", js(t, gotID), js(t, wantID))
	}
}

// attr is a schema attribute without its description.
type attr struct {
	Type                                               string
	Nested                                             map[string]attr `json:",omitempty"`
	Nesting                                            string          `json:",omitempty"`
	Required, Optional, Computed, Sensitive, WriteOnly bool
}

type shapeOf struct {
	Version    int64
	Attributes map[string]attr
	Blocks     int
}

func shape(s *tfprotov6.Schema) shapeOf {
	return shapeOf{Version: s.Version, Attributes: attrs(s.Block.Attributes), Blocks: len(s.Block.BlockTypes)}
}

func attrs(in []*tfprotov6.SchemaAttribute) map[string]attr {
	out := map[string]attr{}
	for _, a := range in {
		x := attr{Required: a.Required, Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive, WriteOnly: a.WriteOnly}
		if a.Type != nil {
			x.Type = a.Type.String()
		}
		if a.NestedType != nil {
			x.Nested, x.Nesting = attrs(a.NestedType.Attributes), a.NestedType.Nesting.String()
		}
		out[a.Name] = x
	}
	return out
}

func js(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Read hands back the prior state and identity unchanged.
func TestReadReturnsThePriorState(t *testing.T) {
	ctx := context.Background()
	floor, _ := servers(t)
	resp, err := floor.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	typ := resp.ResourceSchemas[resourceType].ValueType().(tftypes.Object)
	vals := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		vals[name] = tftypes.NewValue(at, nil)
	}
	for name, v := range map[string]string{"id": "a-1", "name": "bench-001", "region": "NYC", "naas_provider": "MEGAPORT", "state": "ACTIVE"} {
		vals[name] = tftypes.NewValue(tftypes.String, v)
	}
	vals["vpc_ids"] = tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, []tftypes.Value{tftypes.NewValue(tftypes.String, "vpc-1")})
	state, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, vals))
	if err != nil {
		t.Fatal(err)
	}
	idType := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"id": tftypes.String}}
	id, err := tfprotov6.NewDynamicValue(idType, tftypes.NewValue(idType, map[string]tftypes.Value{"id": tftypes.NewValue(tftypes.String, "a-1")}))
	if err != nil {
		t.Fatal(err)
	}
	if cr, err := floor.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{}); err != nil || len(cr.Diagnostics) > 0 {
		t.Fatalf("ConfigureProvider: %v %v", err, cr.Diagnostics)
	}
	rr, err := floor.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: resourceType, CurrentState: &state,
		CurrentIdentity: &tfprotov6.ResourceIdentityData{IdentityData: &id}})
	if err != nil || len(rr.Diagnostics) > 0 {
		t.Fatalf("ReadResource: %v %v", err, rr.Diagnostics)
	}
	got, err := rr.NewState.Unmarshal(typ)
	if err != nil {
		t.Fatal(err)
	}
	if want := tftypes.NewValue(typ, vals); !got.Equal(want) {
		t.Errorf("new state = %v, want the prior state %v", got, want)
	}
	if rr.NewIdentity == nil || rr.NewIdentity.IdentityData == nil {
		t.Fatal("identity dropped")
	}
	if gotID, err := rr.NewIdentity.IdentityData.Unmarshal(idType); err != nil || !gotID.Equal(tftypes.NewValue(idType, map[string]tftypes.Value{"id": tftypes.NewValue(tftypes.String, "a-1")})) {
		t.Errorf("identity = %v (%v), want id a-1", gotID, err)
	}
}
