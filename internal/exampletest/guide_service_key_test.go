package exampletest

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/pnc-tf/terraform-provider-do/internal/apiclient"
	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
)

// The service key guide: the hand-off command gets the attachment's key,
// which is in neither plan nor state (nor is the BGP key); after the key is
// regenerated, a new handoff_generation runs the hand-off again with the new
// key and leaves the attachment alone.
func testGuideMegaportServiceKey(t *testing.T, dir string) {
	env := newScenarioEnv(t)
	const key = "service-key-guide-bgp-key"
	out := t.TempDir()
	keyFile, idFile := filepath.Join(out, "service-key"), filepath.Join(out, "attachment-id")
	command := fmt.Sprintf(`printf '%%s' "$SERVICE_KEY" > '%s' && printf '%%s' "$ATTACHMENT_ID" > '%s'`, keyFile, idFile)
	vars := withVars(attachmentVars(key), config.Variables{"handoff_command": config.StringVariable(command)})
	secretsAbsent := []statecheck.StateCheck{
		secretAbsent{what: "service key", secret: env.serviceKey},
		secretAbsent{what: "BGP auth key", secret: fixed(key)},
	}

	handoff := env.step(dir, vars)
	handoff.ConfigPlanChecks = resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
		secretAbsent{what: "ephemeral BGP auth key", secret: fixed(key)},
	}}
	handoff.ConfigStateChecks = append([]statecheck.StateCheck{
		statecheck.ExpectKnownOutputValueAtPath("megaport_bgp", tfjsonpath.New("local_asn"), knownvalue.Int64Exact(fakeapi.DefaultLocalASN)),
	}, secretsAbsent...)
	handoff.Check = func(*terraform.State) error { return env.checkHandedOff(keyFile, idFile) }

	var firstKey string
	again := env.step(dir, withVars(vars, config.Variables{"handoff_generation": config.IntegerVariable(2)}))
	again.PreConfig = func() {
		var err error
		if firstKey, err = env.serviceKey(); err != nil {
			t.Fatal(err)
		}
		env.regenerateServiceKey(t)
		if err := os.Remove(keyFile); err != nil {
			t.Fatal(err)
		}
	}
	again.ConfigPlanChecks = resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
		plancheck.ExpectResourceAction("do_partner_attachment.megaport", plancheck.ResourceActionNoop),
		plancheck.ExpectResourceAction("terraform_data.handoff", plancheck.ResourceActionDestroyBeforeCreate),
	}}
	again.ConfigStateChecks = secretsAbsent
	again.Check = func(*terraform.State) error {
		if err := env.checkHandedOff(keyFile, idFile); err != nil {
			return err
		}
		if got, _ := readFile(keyFile); got == firstKey {
			return fmt.Errorf("the hand-off ran again with the old key")
		}
		return nil
	}

	env.test(t, writeOnlyVersion, handoff, again)

	t.Run("stored in state", testServiceKeyStored)
}

// testServiceKeyStored runs the example the guide's last section shows, the
// data source's, which stores the key: on any CLI version the key is in the
// state, marked sensitive, and the sensitive output passes on the key the
// emulator issued.
func testServiceKeyStored(t *testing.T) {
	env := newScenarioEnv(t)
	step := env.step(moduleFor(t, unitNamed(t, "data-sources/do_partner_attachment_service_key/data-source.tf")), nil)
	step.ConfigStateChecks = []statecheck.StateCheck{
		statecheck.ExpectSensitiveValue("data.do_partner_attachment_service_key.example", tfjsonpath.New("value")),
		statecheck.ExpectKnownOutputValue("service_key", knownvalue.StringFunc(func(got string) error {
			want, err := env.serviceKey()
			if err == nil && got != want {
				err = fmt.Errorf("output service_key (%d bytes) is not the emulator's key (%d bytes)", len(got), len(want))
			}
			return err
		})),
	}
	env.test(t, nil, step)
}

// checkHandedOff: the hand-off command received the attachment's ID and the
// key the emulator issued for it.
func (e *scenarioEnv) checkHandedOff(keyFile, idFile string) error {
	a, err := e.only()
	if err != nil {
		return err
	}
	want, err := e.serviceKey()
	if err != nil {
		return err
	}
	gotKey, err := readFile(keyFile)
	if err != nil {
		return err
	}
	gotID, err := readFile(idFile)
	if err != nil {
		return err
	}
	if gotKey != want || gotID != a.ID {
		return fmt.Errorf("hand-off got attachment %q and a key of %d bytes, want %s and the emulator's key (%d bytes)", gotID, len(gotKey), a.ID, len(want))
	}
	return nil
}

// readFile returns a file the hand-off command wrote.
func readFile(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("the hand-off command did not run: %w", err)
	}
	return string(b), nil
}

// regenerateServiceKey asks the emulator for a new service key, as the
// regenerate action does, and waits until the new key is the one answered.
func (e *scenarioEnv) regenerateServiceKey(t *testing.T) {
	t.Helper()
	a, err := e.only()
	if err != nil {
		t.Fatal(err)
	}
	old, _ := e.api.ServiceKey(a.ID)
	req, err := http.NewRequest(http.MethodPost, e.api.URL()+apiclient.AttachmentsPath+"/"+a.ID+"/service_key", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+scenarioToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusAccepted {
		t.Fatalf("regenerating the service key: %s", resp.Status)
	}
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(20 * time.Millisecond) {
		if key, _ := e.api.ServiceKey(a.ID); key.Value != old.Value {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the regenerated service key never appeared")
		}
	}
}
