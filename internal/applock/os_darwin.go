package applock

const osKind, osName = "touchid", "Touch ID"
