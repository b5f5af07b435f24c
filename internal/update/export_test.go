package update

// StartDetached is the real start, for install_test.go.
var StartDetached = startDetached
