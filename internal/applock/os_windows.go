package applock

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"syscall"
	"time"
	"unsafe"

	"golang.org/x/sys/windows"

	"github.com/omamori-app/omamori/internal/i18n"
)

const osKind, osName = "hello", "Windows Hello"

// Windows Hello through WinRT's Windows.Security.Credentials.UI.
// UserConsentVerifier, called through combase and the interfaces' raw
// vtables (no cgo, no WinRT projection library): CheckAvailabilityAsync
// first, then RequestVerificationForWindowAsync over Omamori's window
// (IUserConsentVerifierInterop, what desktop programs must use), or
// RequestVerificationAsync when no window of ours is in front.

var (
	combase                    = windows.NewLazySystemDLL("combase.dll")
	procRoInitialize           = combase.NewProc("RoInitialize")
	procRoUninitialize         = combase.NewProc("RoUninitialize")
	procRoGetActivationFactory = combase.NewProc("RoGetActivationFactory")
	procWindowsCreateString    = combase.NewProc("WindowsCreateString")
	procWindowsDeleteString    = combase.NewProc("WindowsDeleteString")
)

const verifierClass = "Windows.Security.Credentials.UI.UserConsentVerifier"

// IIDs from the Windows SDK's windows.security.credentials.ui.idl,
// UserConsentVerifierInterop.idl and asyncinfo.idl.
var (
	iidVerifierStatics = guid{0xaf4f3f91, 0x564c, 0x4ddc, [8]byte{0xb8, 0xb5, 0x97, 0x34, 0x47, 0x62, 0x7c, 0x65}}
	iidVerifierInterop = guid{0x39e050c3, 0x4e74, 0x441a, [8]byte{0x8d, 0xc0, 0xb8, 0x11, 0x04, 0xdf, 0x94, 0x9c}}
	iidAsyncInfo       = guid{0x00000036, 0, 0, [8]byte{0xc0, 0, 0, 0, 0, 0, 0, 0x46}}
)

// Vtable slots: IUnknown 0-2, IInspectable 3-5, then the interface's own.
const (
	slotQueryInterface = 0
	slotRelease        = 2
	slotFirst          = 6 // CheckAvailabilityAsync, RequestVerificationForWindowAsync
	slotSecond         = 7 // RequestVerificationAsync; IAsyncInfo.get_Status
	slotGetResults     = 8 // IAsyncOperation<T>.GetResults
	slotCancel         = 9 // IAsyncInfo.Cancel
)

// UserConsentVerifierAvailability / UserConsentVerificationResult values.
const (
	helloAvailable       = 0
	helloNotConfigured   = 2
	helloDisabled        = 3
	helloBusy            = 4
	helloVerified        = 0
	asyncStarted         = 0
	asyncCompleted       = 1
	availabilityDeadline = 10 * time.Second
	verifyDeadline       = 3 * time.Minute
)

// comObj is a COM interface pointer: a pointer to its vtable.
type comObj struct{ vtbl *[16]uintptr }

func (o *comObj) call(slot int, args ...uintptr) uintptr {
	r, _, _ := syscall.SyscallN(o.vtbl[slot], append([]uintptr{uintptr(unsafe.Pointer(o))}, args...)...)
	return r
}

func (o *comObj) release() {
	if o != nil {
		o.call(slotRelease)
	}
}

func (o *comObj) query(iid *guid) (*comObj, error) {
	var out *comObj
	if hr := o.call(slotQueryInterface, uintptr(unsafe.Pointer(iid)), uintptr(unsafe.Pointer(&out))); hr != 0 {
		return nil, hresult("QueryInterface", hr)
	}
	return out, nil
}

// hresult keeps a failed call's name and HRESULT, for the log of the
// "not available" answer (it holds nothing of the customer's).
func hresult(what string, hr uintptr) error {
	return fmt.Errorf("%s: HRESULT 0x%08x", what, uint32(hr))
}

// onWinRTThread runs f on a thread of its own joined to WinRT's
// multithreaded apartment, as COM wants.
func onWinRTThread(f func() error) error {
	done := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		if err := procRoInitialize.Find(); err != nil {
			done <- err
			return
		}
		hr, _, _ := procRoInitialize.Call(1) // RO_INIT_MULTITHREADED
		if int32(hr) >= 0 {
			defer procRoUninitialize.Call()
		}
		// RPC_E_CHANGED_MODE: the thread is in an apartment already; use it.
		done <- f()
	}()
	return <-done
}

// hstring makes a WinRT string; free it with freeHString.
func hstring(s string) (uintptr, error) {
	u, err := windows.UTF16FromString(s)
	if err != nil {
		return 0, err
	}
	var h uintptr
	if hr, _, _ := procWindowsCreateString.Call(uintptr(unsafe.Pointer(&u[0])), uintptr(len(u)-1), uintptr(unsafe.Pointer(&h))); hr != 0 {
		return 0, hresult("WindowsCreateString", hr)
	}
	return h, nil
}

func freeHString(h uintptr) { procWindowsDeleteString.Call(h) }

// factory is the UserConsentVerifier's activation factory as iid.
func factory(iid *guid) (*comObj, error) {
	if err := procRoGetActivationFactory.Find(); err != nil {
		return nil, err
	}
	name, err := hstring(verifierClass)
	if err != nil {
		return nil, err
	}
	defer freeHString(name)
	var f *comObj
	if hr, _, _ := procRoGetActivationFactory.Call(name, uintptr(unsafe.Pointer(iid)), uintptr(unsafe.Pointer(&f))); hr != 0 {
		return nil, hresult("RoGetActivationFactory", hr)
	}
	return f, nil
}

// await waits for an IAsyncOperation of an enum until it completes, ctx
// ends or limit passes (then it is cancelled), and returns its result.
func await(ctx context.Context, op *comObj, limit time.Duration) (uint32, error) {
	info, err := op.query(&iidAsyncInfo)
	if err != nil {
		return 0, err
	}
	defer info.release()
	deadline := time.Now().Add(limit)
	for {
		var status int32
		if hr := info.call(slotSecond, uintptr(unsafe.Pointer(&status))); hr != 0 {
			return 0, hresult("IAsyncInfo.get_Status", hr)
		}
		if status == asyncCompleted {
			break
		}
		if status != asyncStarted {
			return 0, fmt.Errorf("IAsyncInfo: status %d", status)
		}
		if ctx.Err() != nil || time.Now().After(deadline) {
			info.call(slotCancel)
			return 0, errors.Join(errors.New("IAsyncInfo: no answer in time"), ctx.Err())
		}
		time.Sleep(25 * time.Millisecond)
	}
	var v uint32
	if hr := op.call(slotGetResults, uintptr(unsafe.Pointer(&v))); hr != 0 {
		return 0, hresult("GetResults", hr)
	}
	return v, nil
}

// helloAvailability is CheckAvailabilityAsync's answer; an error when
// WinRT or the class cannot be reached (wine, Windows without it).
func helloAvailability() (avail uint32, err error) {
	err = onWinRTThread(func() error {
		st, err := factory(&iidVerifierStatics)
		if err != nil {
			return err
		}
		defer st.release()
		var op *comObj
		if hr := st.call(slotFirst, uintptr(unsafe.Pointer(&op))); hr != 0 {
			return hresult("CheckAvailabilityAsync", hr)
		}
		defer op.release()
		avail, err = await(context.Background(), op, availabilityDeadline)
		return err
	})
	return avail, err
}

// helloVerify asks Windows Hello to confirm the customer, over our
// window in front when there is one.
func helloVerify(ctx context.Context, reason string) (result uint32, err error) {
	err = onWinRTThread(func() error {
		msg, err := hstring(reason)
		if err != nil {
			return err
		}
		defer freeHString(msg)
		var op *comObj
		if hwnd := ownForegroundWindow(); hwnd != 0 {
			in, err := factory(&iidVerifierInterop)
			if err != nil {
				return err
			}
			defer in.release()
			iid := pinterfaceIID(asyncVerificationResult)
			if hr := in.call(slotFirst, uintptr(hwnd), msg, uintptr(unsafe.Pointer(&iid)), uintptr(unsafe.Pointer(&op))); hr != 0 {
				return hresult("RequestVerificationForWindowAsync", hr)
			}
		} else {
			st, err := factory(&iidVerifierStatics)
			if err != nil {
				return err
			}
			defer st.release()
			if hr := st.call(slotSecond, msg, uintptr(unsafe.Pointer(&op))); hr != 0 {
				return hresult("RequestVerificationAsync", hr)
			}
		}
		defer op.release()
		result, err = await(ctx, op, verifyDeadline)
		return err
	})
	return result, err
}

// ownForegroundWindow is the window in front when it is this process's
// (Omamori's), else 0.
func ownForegroundWindow() windows.HWND {
	h := windows.GetForegroundWindow()
	if h == 0 {
		return 0
	}
	var pid uint32
	if _, err := windows.GetWindowThreadProcessId(h, &pid); err != nil || pid != windows.GetCurrentProcessId() {
		return 0
	}
	return h
}

// Available asks Windows whether Hello can confirm the customer now;
// the reason when not, with the key or passphrase as the way instead.
func (OSCheck) Available() error {
	avail, err := helloAvailability()
	return availabilityErr(avail, err)
}

func availabilityErr(avail uint32, err error) error {
	switch {
	case err != nil:
		return errors.Join(notAvailable("os_check_unavailable"), err)
	case avail == helloAvailable:
		return nil
	case avail == helloNotConfigured:
		return notAvailable("os_check_not_set_up")
	case avail == helloDisabled:
		return notAvailable("os_check_policy")
	case avail == helloBusy:
		return notAvailable("os_check_busy")
	}
	return notAvailable("os_check_unavailable") // DeviceNotPresent
}

// Verify asks Windows Hello (face, fingerprint or the Windows PIN); nil
// only when Windows says Verified.
func (c OSCheck) Verify(ctx context.Context, _ string) error {
	if err := c.Available(); err != nil {
		return err
	}
	res, err := helloVerify(ctx, cat.M("os_check_reason").In(i18n.Detect("")))
	if err != nil {
		return errors.Join(notConfirmed(), err)
	}
	if res != helloVerified {
		return notConfirmed()
	}
	return nil
}
