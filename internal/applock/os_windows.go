package applock

const osKind, osName = "hello", "Windows Hello"
