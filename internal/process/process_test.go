package process

import (
	"maps"
	"testing"
)

func TestLogOnlyWhatTerraformKeeps(t *testing.T) {
	cases := []struct {
		name string
		env  map[string]string
		want map[string]string // the plugin log level variables afterwards
	}{
		{"Terraform keeps nothing", map[string]string{},
			map[string]string{"TF_LOG_SDK": "OFF", "TF_LOG_PROVIDER_DO": "OFF"}},
		{"TF_LOG=off", map[string]string{"TF_LOG": "off"},
			map[string]string{"TF_LOG_SDK": "OFF", "TF_LOG_PROVIDER_DO": "OFF"}},
		{"TF_LOG=trace", map[string]string{"TF_LOG": "trace"},
			map[string]string{"TF_LOG_SDK": "TRACE", "TF_LOG_PROVIDER_DO": "TRACE"}},
		{"TF_LOG=JSON is TRACE", map[string]string{"TF_LOG": "JSON"},
			map[string]string{"TF_LOG_SDK": "TRACE", "TF_LOG_PROVIDER_DO": "TRACE"}},
		{"TF_LOG_PROVIDER wins over TF_LOG", map[string]string{"TF_LOG": "TRACE", "TF_LOG_PROVIDER": "info"},
			map[string]string{"TF_LOG_SDK": "INFO", "TF_LOG_PROVIDER_DO": "INFO"}},
		{"TF_LOG_PROVIDER alone", map[string]string{"TF_LOG_PROVIDER": "DEBUG"},
			map[string]string{"TF_LOG_SDK": "DEBUG", "TF_LOG_PROVIDER_DO": "DEBUG"}},
		{"a level the user set stays", map[string]string{"TF_LOG_SDK": "TRACE"},
			map[string]string{"TF_LOG_SDK": "TRACE", "TF_LOG_PROVIDER_DO": "OFF"}},
		{"an unknown level changes nothing", map[string]string{"TF_LOG": "loud"},
			map[string]string{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			env := maps.Clone(tc.env)
			logOnlyWhatTerraformKeeps(func(k string) string { return env[k] }, func(k, v string) error { env[k] = v; return nil })
			for _, name := range pluginLogLevelVars {
				if env[name] != tc.want[name] {
					t.Errorf("%s = %q, want %q", name, env[name], tc.want[name])
				}
			}
		})
	}
}
