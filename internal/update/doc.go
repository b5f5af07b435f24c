// Package update is Omamori's update channel: a signed feed that says
// which release is current, and the checks that stop anyone who controls
// the network, the download server or a mirror from making Omamori take a
// file we did not sign, or from holding it on an old version unnoticed.
//
// The feed is a JSON document (Feed) beside a minisign signature
// (feed.json.minisig, Ed25519 over the BLAKE2b-512 hash of the file, as
// `minisign -S` makes by default), so `minisign -Vm feed.json -p key.pub`
// checks it too. The public keys are embedded (keys/release.pub; a second
// line is the key we rotate to). A check refuses, each with its own
// message: a signature no embedded key made, an expired feed ("cannot
// check for updates", never "up to date"), an offered version older than
// this one or than a feed seen before, and a download URL that is not
// HTTPS. A download is refused when its size or SHA-256 differs from the
// feed's; it is kept in a folder only the user can open, checked when
// complete and again just before use, and deleted afterwards.
//
// Every request is bounded in time and size (Limits): with no network, a
// hung server or an endless answer the check gives up quietly.
//
// Nothing here imports Fyne; the window and `omamori update` share it.
package update
