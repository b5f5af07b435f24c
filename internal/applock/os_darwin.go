package applock

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
	"unsafe"

	"github.com/ebitengine/purego"
	"github.com/ebitengine/purego/objc"

	"github.com/omamori-app/omamori/internal/i18n"
)

const osKind, osName = "touchid", "Touch ID"

// Touch ID through LocalAuthentication's LAContext, called without cgo
// (purego's Objective-C runtime and a block for the reply):
// canEvaluatePolicy:error: first, then
// evaluatePolicy:localizedReason:reply:, awaited with ctx. Only the
// biometric policy: the Mac's login password is not a presence check
// of its own that Omamori needs (the passphrase is there for that).

const (
	laFramework        = "/System/Library/Frameworks/LocalAuthentication.framework/LocalAuthentication"
	laPolicyBiometrics = 1 // LAPolicyDeviceOwnerAuthenticationWithBiometrics
	// LAError codes canEvaluatePolicy answers with.
	laPasscodeNotSet  = -5
	laNotEnrolled     = -7
	laLockout         = -8
	verifyLimitDarwin = 3 * time.Minute // as on Windows
)

var loadLA = sync.OnceValue(func() error {
	_, err := purego.Dlopen(laFramework, purego.RTLD_NOW|purego.RTLD_GLOBAL)
	return err
})

var (
	selNew      = objc.RegisterName("new")
	selRelease  = objc.RegisterName("release")
	selCanEval  = objc.RegisterName("canEvaluatePolicy:error:")
	selEval     = objc.RegisterName("evaluatePolicy:localizedReason:reply:")
	selInvalid  = objc.RegisterName("invalidate")
	selCode     = objc.RegisterName("code")
	selWithUTF8 = objc.RegisterName("stringWithUTF8String:")
)

// newLAContext is a new LAContext; release it with selRelease.
func newLAContext() (objc.ID, error) {
	if err := loadLA(); err != nil {
		return 0, err
	}
	cls := objc.GetClass("LAContext")
	if cls == 0 {
		return 0, errors.New("LocalAuthentication: no LAContext class")
	}
	la := objc.ID(cls).Send(selNew)
	if la == 0 {
		return 0, errors.New("LocalAuthentication: LAContext new failed")
	}
	return la, nil
}

// Available asks LocalAuthentication whether Touch ID can confirm the
// customer now; the reason when not.
func (OSCheck) Available() error {
	la, err := newLAContext()
	if err != nil {
		return errors.Join(notAvailable("os_check_unavailable"), err)
	}
	defer la.Send(selRelease)
	return canEvaluate(la)
}

func canEvaluate(la objc.ID) error {
	var nserr objc.ID
	if objc.Send[bool](la, selCanEval, laPolicyBiometrics, unsafe.Pointer(&nserr)) {
		return nil
	}
	code := 0
	if nserr != 0 {
		code = objc.Send[int](nserr, selCode)
	}
	return errors.Join(availabilityWords(code), fmt.Errorf("canEvaluatePolicy: LAError %d", code))
}

// availabilityWords words an LAError of canEvaluatePolicy.
func availabilityWords(code int) error {
	switch code {
	case laNotEnrolled, laPasscodeNotSet:
		return notAvailable("os_check_not_set_up")
	case laLockout:
		return notAvailable("os_check_busy")
	}
	return notAvailable("os_check_unavailable")
}

// Verify shows Touch ID's prompt; nil only when it confirms the
// customer. ctx's end (or the limit) withdraws the prompt.
func (OSCheck) Verify(ctx context.Context, _ string) error {
	la, err := newLAContext()
	if err != nil {
		return errors.Join(notAvailable("os_check_unavailable"), err)
	}
	defer la.Send(selRelease)
	if err := canEvaluate(la); err != nil {
		return err
	}
	// The reply comes on a queue of LocalAuthentication's: buffered, so
	// a reply after we gave up does not block it.
	done := make(chan bool, 1)
	block := objc.NewBlock(func(_ objc.Block, ok bool, _ objc.ID) { done <- ok })
	defer block.Release()
	reason := objc.ID(objc.GetClass("NSString")).Send(selWithUTF8, cat.M("os_check_reason").In(i18n.Detect("")))
	la.Send(selEval, laPolicyBiometrics, reason, block)
	ctx, cancel := context.WithTimeout(ctx, verifyLimitDarwin)
	defer cancel()
	select {
	case ok := <-done:
		if !ok {
			return notConfirmed()
		}
		return nil
	case <-ctx.Done():
		la.Send(selInvalid)
		return errors.Join(notConfirmed(), ctx.Err())
	}
}
