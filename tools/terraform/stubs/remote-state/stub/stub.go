// Package stub is the one implementation behind every remote-state backend
// that this test build of Terraform leaves out. It lives under Terraform's
// import path so it may use Terraform's internal packages.
package stub

import (
	"fmt"

	"github.com/hashicorp/terraform/internal/backend"
	"github.com/hashicorp/terraform/internal/backend/backendbase"
	"github.com/hashicorp/terraform/internal/configs/configschema"
	"github.com/hashicorp/terraform/internal/states/statemgr"
	"github.com/hashicorp/terraform/internal/tfdiags"
	"github.com/zclconf/go-cty/cty"
)

// New returns a backend named name whose configuration always fails.
func New(name string) backend.Backend {
	return &missing{Base: backendbase.Base{Schema: &configschema.Block{}}, name: name}
}

type missing struct {
	backendbase.Base
	name string
}

func (m *missing) err() tfdiags.Diagnostics {
	return tfdiags.Diagnostics{}.Append(fmt.Errorf("the %s state backend is not included in this build of Terraform (built for provider tests)", m.name))
}

func (m *missing) Configure(cty.Value) tfdiags.Diagnostics { return m.err() }

func (m *missing) StateMgr(string) (statemgr.Full, tfdiags.Diagnostics) { return nil, m.err() }

func (m *missing) DeleteWorkspace(string, bool) tfdiags.Diagnostics { return m.err() }

func (m *missing) Workspaces() ([]string, tfdiags.Diagnostics) { return nil, m.err() }
