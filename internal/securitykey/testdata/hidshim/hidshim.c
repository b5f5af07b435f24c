/*
 * hidshim: an LD_PRELOAD library that makes libfido2 (Linux, hidraw
 * backend) see virtual FIDO keys served by a program on AF_UNIX
 * SOCK_SEQPACKET sockets, so the real libfido2 can be tested without
 * hardware.
 *
 * OMAMORI_HIDSHIM_SOCKET holds one or more socket paths separated by ':'.
 * Key N appears as /dev/hidraw-omamoriN. It is listed (fake libudev) only
 * while its socket file exists, and opening it connects a new socket, so
 * removing the socket file "unplugs" the key and closing the server side
 * makes reads fail as they do for a removed device.
 *
 * The fake libudev replaces enumeration completely: real hidraw devices
 * are hidden from a process running under the shim (tests never touch
 * real hardware). Build: gcc -shared -fPIC -o hidshim.so hidshim.c -ldl
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/hidraw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <unistd.h>

#define DEV_PREFIX "/dev/hidraw-omamori"
#define SYS_PREFIX "/sys/devices/virtual/omamori/hidraw/hidraw-omamori"
#define MAX_KEYS 8
#define MAX_FD 65536
#define VENDOR_ID 0x1209
#define PRODUCT_ID 0x4f4d

/* FIDO HID report descriptor: usage page 0xF1D0, 64-byte in/out reports. */
static const unsigned char report_desc[] = {
	0x06, 0xd0, 0xf1, /* Usage Page (FIDO Alliance) */
	0x09, 0x01,       /* Usage (CTAPHID) */
	0xa1, 0x01,       /* Collection (Application) */
	0x09, 0x20,       /*   Usage (Input Report Data) */
	0x15, 0x00,       /*   Logical Minimum (0) */
	0x26, 0xff, 0x00, /*   Logical Maximum (255) */
	0x75, 0x08,       /*   Report Size (8) */
	0x95, 0x40,       /*   Report Count (64) */
	0x81, 0x02,       /*   Input (Data, Var, Abs) */
	0x09, 0x21,       /*   Usage (Output Report Data) */
	0x15, 0x00,       /*   Logical Minimum (0) */
	0x26, 0xff, 0x00, /*   Logical Maximum (255) */
	0x75, 0x08,       /*   Report Size (8) */
	0x95, 0x40,       /*   Report Count (64) */
	0x91, 0x02,       /*   Output (Data, Var, Abs) */
	0xc0,             /* End Collection */
};

/* fd_key[fd] is key index + 1 for fds that are our sockets, else 0. */
static volatile unsigned char fd_key[MAX_FD];

static void *
real(const char *name)
{
	void *f = dlsym(RTLD_NEXT, name);
	if (f == NULL) {
		fprintf(stderr, "hidshim: no real %s\n", name);
		abort();
	}
	return f;
}

static int
our_fd(int fd)
{
	return fd >= 0 && fd < MAX_FD && fd_key[fd] != 0;
}

/* socket_path copies the path of key idx into buf; -1 if there is none. */
static int
socket_path(int idx, char *buf, size_t len)
{
	const char *env = getenv("OMAMORI_HIDSHIM_SOCKET");
	const char *p, *end;
	int i = 0;

	if (env == NULL || idx < 0 || idx >= MAX_KEYS)
		return -1;
	for (p = env; ; p = end + 1) {
		end = strchr(p, ':');
		if (end == NULL)
			end = p + strlen(p);
		if (i == idx) {
			size_t n = (size_t)(end - p);
			if (n == 0 || n >= len)
				return -1;
			memcpy(buf, p, n);
			buf[n] = '\0';
			return 0;
		}
		if (*end == '\0')
			return -1;
		i++;
	}
}

static int
key_present(int idx)
{
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	struct stat st;

	if (socket_path(idx, path, sizeof(path)) < 0)
		return 0;
	return stat(path, &st) == 0 && S_ISSOCK(st.st_mode);
}

/* fake_index returns N for DEV_PREFIX "N", else -1. */
static int
fake_index(const char *path)
{
	size_t n = strlen(DEV_PREFIX);
	char *end;
	long idx;

	if (path == NULL || strncmp(path, DEV_PREFIX, n) != 0 ||
	    path[n] < '0' || path[n] > '9')
		return -1;
	idx = strtol(path + n, &end, 10);
	if (*end != '\0' || idx >= MAX_KEYS)
		return -1;
	return (int)idx;
}

static int
open_fake(int idx, int flags)
{
	struct sockaddr_un sa;
	int fd, type = SOCK_SEQPACKET;

	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	if (socket_path(idx, sa.sun_path, sizeof(sa.sun_path)) < 0) {
		errno = ENOENT;
		return -1;
	}
	if (flags & O_CLOEXEC)
		type |= SOCK_CLOEXEC;
	if (flags & O_NONBLOCK)
		type |= SOCK_NONBLOCK;
	if ((fd = socket(AF_UNIX, type, 0)) < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		int (*rclose)(int) = real("close");
		rclose(fd);
		errno = ENOENT; /* a key that is not plugged in */
		return -1;
	}
	if (fd >= MAX_FD) {
		int (*rclose)(int) = real("close");
		rclose(fd);
		errno = EMFILE;
		return -1;
	}
	fd_key[fd] = (unsigned char)(idx + 1);
	return fd;
}

static int
do_open(const char *sym, const char *path, int flags, mode_t mode)
{
	int idx = fake_index(path);
	int (*ropen)(const char *, int, ...);

	if (idx >= 0)
		return open_fake(idx, flags);
	ropen = real(sym);
	return ropen(path, flags, mode);
}

int
open(const char *path, int flags, ...)
{
	mode_t mode = 0;
	if (flags & (O_CREAT | __O_TMPFILE)) {
		va_list ap;
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	return do_open("open", path, flags, mode);
}

int
open64(const char *path, int flags, ...)
{
	mode_t mode = 0;
	if (flags & (O_CREAT | __O_TMPFILE)) {
		va_list ap;
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	return do_open("open64", path, flags, mode);
}

int
close(int fd)
{
	int (*rclose)(int) = real("close");
	if (fd >= 0 && fd < MAX_FD)
		fd_key[fd] = 0;
	return rclose(fd);
}

static void
fake_stat(int fd, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_mode = S_IFCHR | 0600;
	st->st_rdev = makedev(240, fd_key[fd] - 1);
	st->st_blksize = 4096;
}

int
fstat(int fd, struct stat *st)
{
	int (*rfstat)(int, struct stat *);
	if (our_fd(fd)) {
		fake_stat(fd, st);
		return 0;
	}
	rfstat = real("fstat");
	return rfstat(fd, st);
}

int
fstat64(int fd, struct stat64 *st)
{
	int (*rfstat)(int, struct stat64 *);
	if (our_fd(fd)) {
		/* On x86_64 struct stat64 and struct stat are the same. */
		fake_stat(fd, (struct stat *)st);
		return 0;
	}
	rfstat = real("fstat64");
	return rfstat(fd, st);
}

int
__fxstat(int ver, int fd, struct stat *st)
{
	int (*rfxstat)(int, int, struct stat *);
	if (our_fd(fd)) {
		fake_stat(fd, st);
		return 0;
	}
	rfxstat = real("__fxstat");
	return rfxstat(ver, fd, st);
}

int
__fxstat64(int ver, int fd, struct stat64 *st)
{
	int (*rfxstat)(int, int, struct stat64 *);
	if (our_fd(fd)) {
		fake_stat(fd, (struct stat *)st);
		return 0;
	}
	rfxstat = real("__fxstat64");
	return rfxstat(ver, fd, st);
}

int
ioctl(int fd, unsigned long req, ...)
{
	int (*rioctl)(int, unsigned long, void *);
	va_list ap;
	void *arg;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);

	if (!our_fd(fd)) {
		rioctl = real("ioctl");
		return rioctl(fd, req, arg);
	}
	if (req == HIDIOCGRDESCSIZE) {
		*(int *)arg = (int)sizeof(report_desc);
		return 0;
	}
	if (req == HIDIOCGRDESC) {
		struct hidraw_report_descriptor *d = arg;
		size_t n = d->size;
		if (n > sizeof(report_desc))
			n = sizeof(report_desc);
		memcpy(d->value, report_desc, n);
		return 0;
	}
	if (req == HIDIOCGRAWINFO) {
		struct hidraw_devinfo *info = arg;
		info->bustype = 0x03; /* BUS_USB */
		info->vendor = (__s16)VENDOR_ID;
		info->product = (__s16)PRODUCT_ID;
		return 0;
	}
	if (_IOC_TYPE(req) == 'H' && _IOC_DIR(req) == _IOC_READ) {
		/* HIDIOCGRAWNAME/PHYS/UNIQ(len): newer clients read them. */
		const char *s = NULL;
		size_t n = _IOC_SIZE(req);
		switch (_IOC_NR(req)) {
		case 0x04: s = "Omamori Virtual Security Key"; break;
		case 0x05: s = "omamori"; break;
		case 0x08: s = ""; break;
		}
		if (s != NULL && n > 0) {
			size_t l = strlen(s) + 1;
			if (l > n)
				l = n;
			memcpy(arg, s, l);
			((char *)arg)[l - 1] = '\0';
			return (int)l;
		}
	}
	errno = ENOTTY;
	return -1;
}

ssize_t
write(int fd, const void *buf, size_t len)
{
	ssize_t (*rwrite)(int, const void *, size_t);
	if (our_fd(fd))
		return send(fd, buf, len, MSG_NOSIGNAL);
	rwrite = real("write");
	return rwrite(fd, buf, len);
}

/*
 * Fake libudev: just the calls libfido2 1.12 makes to enumerate hidraw
 * devices (and nfc, which finds nothing). Objects are our own structs.
 */
struct udev {
	int refs;
};

struct udev_list_entry {
	char name[128];
	struct udev_list_entry *next;
};

struct udev_enumerate {
	int hidraw;
	struct udev_list_entry *list;
};

struct udev_device {
	int idx;
	int kind; /* 0 hidraw, 1 hid parent, 2 usb parent */
	char devnode[64];
	char sysnum[8];
	struct udev_device *hid;
	struct udev_device *usb;
};

struct udev *
udev_new(void)
{
	return calloc(1, sizeof(struct udev));
}

struct udev *
udev_unref(struct udev *u)
{
	free(u);
	return NULL;
}

struct udev_enumerate *
udev_enumerate_new(struct udev *u)
{
	(void)u;
	return calloc(1, sizeof(struct udev_enumerate));
}

struct udev_enumerate *
udev_enumerate_unref(struct udev_enumerate *e)
{
	struct udev_list_entry *l, *next;
	if (e == NULL)
		return NULL;
	for (l = e->list; l != NULL; l = next) {
		next = l->next;
		free(l);
	}
	free(e);
	return NULL;
}

int
udev_enumerate_add_match_subsystem(struct udev_enumerate *e, const char *s)
{
	if (s != NULL && strcmp(s, "hidraw") == 0)
		e->hidraw = 1;
	return 0;
}

int
udev_enumerate_scan_devices(struct udev_enumerate *e)
{
	struct udev_list_entry **tail = &e->list;
	int i;

	if (!e->hidraw)
		return 0;
	for (i = 0; i < MAX_KEYS; i++) {
		struct udev_list_entry *l;
		if (!key_present(i))
			continue;
		if ((l = calloc(1, sizeof(*l))) == NULL)
			return -ENOMEM;
		snprintf(l->name, sizeof(l->name), SYS_PREFIX "%d", i);
		*tail = l;
		tail = &l->next;
	}
	return 0;
}

struct udev_list_entry *
udev_enumerate_get_list_entry(struct udev_enumerate *e)
{
	return e->list;
}

struct udev_list_entry *
udev_list_entry_get_next(struct udev_list_entry *l)
{
	return l == NULL ? NULL : l->next;
}

const char *
udev_list_entry_get_name(struct udev_list_entry *l)
{
	return l == NULL ? NULL : l->name;
}

static struct udev_device *
new_device(int idx, int kind)
{
	struct udev_device *d = calloc(1, sizeof(*d));
	if (d == NULL)
		return NULL;
	d->idx = idx;
	d->kind = kind;
	snprintf(d->devnode, sizeof(d->devnode), DEV_PREFIX "%d", idx);
	snprintf(d->sysnum, sizeof(d->sysnum), "%d", idx);
	return d;
}

struct udev_device *
udev_device_new_from_syspath(struct udev *u, const char *syspath)
{
	size_t n = strlen(SYS_PREFIX);
	char *end;
	long idx;

	(void)u;
	if (syspath == NULL || strncmp(syspath, SYS_PREFIX, n) != 0)
		return NULL;
	idx = strtol(syspath + n, &end, 10);
	if (*end != '\0' || idx < 0 || idx >= MAX_KEYS)
		return NULL;
	return new_device((int)idx, 0);
}

struct udev_device *
udev_device_unref(struct udev_device *d)
{
	if (d == NULL)
		return NULL;
	free(d->hid);
	free(d->usb);
	free(d);
	return NULL;
}

const char *
udev_device_get_devnode(struct udev_device *d)
{
	return d != NULL && d->kind == 0 ? d->devnode : NULL;
}

const char *
udev_device_get_sysnum(struct udev_device *d)
{
	return d == NULL ? NULL : d->sysnum;
}

struct udev_device *
udev_device_get_parent_with_subsystem_devtype(struct udev_device *d,
    const char *subsystem, const char *devtype)
{
	(void)devtype;
	if (d == NULL || d->kind != 0 || subsystem == NULL)
		return NULL;
	if (strcmp(subsystem, "hid") == 0) {
		if (d->hid == NULL)
			d->hid = new_device(d->idx, 1);
		return d->hid;
	}
	if (strcmp(subsystem, "usb") == 0) {
		if (d->usb == NULL)
			d->usb = new_device(d->idx, 2);
		return d->usb;
	}
	return NULL;
}

const char *
udev_device_get_sysattr_value(struct udev_device *d, const char *attr)
{
	static __thread char uevent[256];

	if (d == NULL || attr == NULL)
		return NULL;
	if (d->kind == 1 && strcmp(attr, "uevent") == 0) {
		snprintf(uevent, sizeof(uevent),
		    "DRIVER=hid-generic\n"
		    "HID_ID=0003:%08X:%08X\n"
		    "HID_NAME=Omamori Virtual Security Key\n"
		    "HID_PHYS=omamori-%d\n"
		    "HID_UNIQ=\n",
		    VENDOR_ID, PRODUCT_ID, d->idx);
		return uevent;
	}
	if (d->kind == 2 && strcmp(attr, "manufacturer") == 0)
		return "Omamori";
	if (d->kind == 2 && strcmp(attr, "product") == 0)
		return "Virtual Security Key";
	return NULL;
}

const char *
udev_device_get_property_value(struct udev_device *d, const char *key)
{
	(void)d;
	(void)key;
	return NULL;
}
