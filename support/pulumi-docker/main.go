// The `docker` resource provider of the dev end-to-end run (`npm run tools -- pulumi-docker`): kreuzwerker's Terraform
// provider, the engine pulumi-docker wraps, served through pulumi-terraform-bridge under the tokens and property names
// of the @pulumi/docker SDK. pulumi-docker's own module is not served by the Go proxy here; E2E.md says what differs.
package main

import (
	shimv2 "github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfshim/sdk-v2"
	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfbridge"
	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfbridge/tokens"
	"github.com/terraform-providers/terraform-provider-docker/shim"
)

// The @pulumi/docker version of package.json, set by the build (-X main.version=...).
var version = "dev"

func main() {
	info := tfbridge.ProviderInfo{
		P:       shimv2.NewProvider(shim.NewProvider(version)),
		Name:    "docker",
		Version: version,
		Resources: map[string]*tfbridge.ResourceInfo{
			// A container's name is fixed, so a replacement removes the old one first (as pulumi-docker does).
			"docker_container": {Tok: "docker:index/container:Container", DeleteBeforeReplace: true, Fields: map[string]*tfbridge.SchemaInfo{
				// The SDK keeps these two list names singular.
				"command":           {Name: "command"},
				"networks_advanced": {Name: "networksAdvanced"},
			}},
			"docker_image":  {Tok: "docker:index/remoteImage:RemoteImage", Fields: map[string]*tfbridge.SchemaInfo{"name": {Name: "name"}}},
			"docker_config": {Tok: "docker:index/serviceConfig:ServiceConfig"},
		},
	}
	// Every other resource as docker:index/<name>:<Name>, the SDK's tokens.
	info.MustComputeTokens(tokens.SingleModule("docker_", "index", tokens.MakeStandard("docker")))
	// No Pulumi schema: the SDK is generated already, and the engine asks for none during a deployment.
	tfbridge.Main("docker", version, info, nil)
}
