package config

// PolicyDirFor is policyDirFor, for the external tests.
var PolicyDirFor = policyDirFor
