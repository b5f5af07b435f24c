package main

// Main is the command's main for the testscript scripts in testdata/script
// (script_test.go): the test binary runs it as "omamori".
var Main = main
