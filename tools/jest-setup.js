// Adds cdktf's matchers (toHaveResource, toHaveResourceWithProperties, toBeValidTerraform, …).
require('cdktf').Testing.setupJest();
