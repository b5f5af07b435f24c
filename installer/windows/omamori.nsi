; Omamori installer for Windows: per user, no administrator rights.
; Built on Linux by `make installer` (makensis -INPUTCHARSET UTF8) with
; -DVERSION=1.2.3 -DVERSION4=1.2.3.4 -DSRCDIR=dist/windows -DICON=... -DOUTFILE=...
;
; Customer: double-click → it installs at once (per user: nothing to choose,
; no administrator prompt) → 「完了」 starts the app. One click after opening.
; Help desks and fleets:
;   Omamori-Setup-X.exe /S [/NODESKTOP] [/D=C:\path]   silent install or upgrade
;   %LOCALAPPDATA%\Programs\Omamori\uninstall.exe /S [/REMOVEACCOUNTS]
; Accounts live in %APPDATA%\Omamori and in Windows Credential Manager; the
; installer never touches them. The uninstaller removes them only when asked
; (checkbox, or /REMOVEACCOUNTS when silent).

Unicode true
; 64-bit stub: Omamori is amd64 only, and wine64 (the CI test) runs no 32-bit code.
Target amd64-unicode
ManifestDPIAware true
RequestExecutionLevel user
SetCompressor /SOLID lzma

!include MUI2.nsh
!include FileFunc.nsh
!include LogicLib.nsh

!define APPNAME "Omamori"
!define DISPLAYNAME "お守り (Omamori)"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Omamori"
!define REGKEY "Software\Omamori"

Name "${DISPLAYNAME}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\Omamori"
InstallDirRegKey HKCU "${REGKEY}" "InstallDir"
BrandingText "${DISPLAYNAME} ${VERSION}"

VIProductVersion "${VERSION4}"
VIAddVersionKey /LANG=0 "ProductName" "${DISPLAYNAME}"
VIAddVersionKey /LANG=0 "FileDescription" "${DISPLAYNAME} Setup"
VIAddVersionKey /LANG=0 "CompanyName" "Omamori"
VIAddVersionKey /LANG=0 "LegalCopyright" "Omamori authors"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
!if "${SIGNED}" == "yes"
; Sign the uninstaller before it is packed, and the installer when written.
!uninstfinalize '"${SIGNCMD}" "%1"' = 0
!finalize '"${SIGNCMD}" "%1"' = 0
!else
VIAddVersionKey /LANG=0 "Comments" "Unsigned build: not signed by the Omamori publisher."
VIAddVersionKey /LANG=0 "SpecialBuild" "Unsigned"
!endif

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_WELCOMEFINISHPAGE_BITMAP "${SIDEBAR}"
; No welcome or folder page: a per-user install has nothing to decide, and
; every page is one more click a help desk must talk a customer through.
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_TITLE "$(FinishTitle)"
!define MUI_FINISHPAGE_TEXT "$(FinishText)"
!define MUI_FINISHPAGE_RUN "$INSTDIR\Omamori.exe"
!define MUI_FINISHPAGE_RUN_TEXT "$(RunNow)"
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!define MUI_COMPONENTSPAGE_NODESC
SpaceTexts none
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES

; The first language is the fallback; Japanese Windows picks Japanese.
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_LANGUAGE "Japanese"

LangString FinishTitle ${LANG_JAPANESE} "お守り (Omamori) をインストールしました"
LangString FinishTitle ${LANG_ENGLISH} "Omamori is installed"
LangString FinishText ${LANG_JAPANESE} "「完了」を押すと、お守りが起動します。$\r$\n$\r$\nスタートメニューとデスクトップの「お守り (Omamori)」からも起動できます。登録済みのアカウントはそのまま使えます。"
LangString FinishText ${LANG_ENGLISH} "Press Finish to start Omamori.$\r$\n$\r$\nYou can also start it from $\"お守り (Omamori)$\" in the Start menu or on the desktop. Accounts you registered before are kept."
LangString RunNow ${LANG_JAPANESE} "お守りを起動する"
LangString RunNow ${LANG_ENGLISH} "Start Omamori"
LangString SecAccounts ${LANG_JAPANESE} "登録したアカウントも削除する"
LangString SecAccounts ${LANG_ENGLISH} "Also delete my accounts"
LangString SecProgram ${LANG_JAPANESE} "プログラム"
LangString SecProgram ${LANG_ENGLISH} "Program"


; Close a running Omamori so its files can be replaced: ask politely
; (WM_CLOSE), then end it. Nothing is lost: accounts are written as they
; change, and the secrets live in Credential Manager.
!macro CloseApp
	nsExec::Exec 'taskkill /IM Omamori.exe'
	Pop $0
	${If} $0 == 0
		Sleep 1500
		nsExec::Exec 'taskkill /F /IM Omamori.exe'
		Pop $0
		Sleep 500
	${EndIf}
!macroend

Function .onInit
	; Upgrade where the previous version is, even if it was installed with /D.
	ReadRegStr $0 HKCU "${REGKEY}" "InstallDir"
	${If} $0 != ""
		StrCpy $INSTDIR $0
	${EndIf}
FunctionEnd

Section "-Program"
	SetShellVarContext current
	!insertmacro CloseApp
	SetOutPath "$INSTDIR"
	SetOverwrite on
	File "${SRCDIR}\Omamori.exe"
	File "${SRCDIR}\omamori-cli.exe"
	File "${SRCDIR}\THIRD-PARTY.txt"
	; libfido2 is linked into the exes now: remove the DLLs versions before 0.2 put here.
	Delete "$INSTDIR\fido2.dll"
	Delete "$INSTDIR\cbor.dll"
	Delete "$INSTDIR\crypto-45.dll"
	WriteUninstaller "$INSTDIR\uninstall.exe"

	CreateShortcut "$SMPROGRAMS\${DISPLAYNAME}.lnk" "$INSTDIR\Omamori.exe" "" "$INSTDIR\Omamori.exe" 0
	${GetParameters} $1
	ClearErrors
	${GetOptions} $1 "/NODESKTOP" $2
	${If} ${Errors}
		CreateShortcut "$DESKTOP\${DISPLAYNAME}.lnk" "$INSTDIR\Omamori.exe" "" "$INSTDIR\Omamori.exe" 0
	${EndIf}

	WriteRegStr HKCU "${REGKEY}" "InstallDir" "$INSTDIR"
	WriteRegStr HKCU "${REGKEY}" "Version" "${VERSION}"
	WriteRegStr HKCU "${UNINSTKEY}" "DisplayName" "${DISPLAYNAME}"
	WriteRegStr HKCU "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
	WriteRegStr HKCU "${UNINSTKEY}" "Publisher" "Omamori"
	WriteRegStr HKCU "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\Omamori.exe,0"
	WriteRegStr HKCU "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
	WriteRegStr HKCU "${UNINSTKEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
	WriteRegStr HKCU "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
	WriteRegDWORD HKCU "${UNINSTKEY}" "NoModify" 1
	WriteRegDWORD HKCU "${UNINSTKEY}" "NoRepair" 1
	${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
	WriteRegDWORD HKCU "${UNINSTKEY}" "EstimatedSize" $0
SectionEnd

Section "un.$(SecProgram)" UnSecProgram
	SectionIn RO
	SetShellVarContext current
	!insertmacro CloseApp
	Delete "$SMPROGRAMS\${DISPLAYNAME}.lnk"
	Delete "$DESKTOP\${DISPLAYNAME}.lnk"
	Delete "$INSTDIR\Omamori.exe"
	Delete "$INSTDIR\omamori-cli.exe"
	Delete "$INSTDIR\fido2.dll" ; left by versions that shipped libfido2 as DLLs
	Delete "$INSTDIR\cbor.dll"
	Delete "$INSTDIR\crypto-45.dll"
	Delete "$INSTDIR\THIRD-PARTY.txt"
	Delete "$INSTDIR\uninstall.exe"
	RMDir "$INSTDIR"
	DeleteRegKey HKCU "${UNINSTKEY}"
	DeleteRegKey HKCU "${REGKEY}"
SectionEnd

; Off unless ticked (or /REMOVEACCOUNTS): deletes every Credential Manager
; item of the service "omamori" (go-keyring names them "omamori:<id>") and
; the settings folder.
Section /o "un.$(SecAccounts)" UnSecAccounts
	SetShellVarContext current
	; CredEnumerateW(filter, 0, &count, &array); this stub is 64-bit, so
	; the array holds 8-byte pointers and CREDENTIALW.TargetName sits at
	; offset 8 (after the DWORDs Flags and Type).
	System::Call 'advapi32::CredEnumerateW(w "omamori:*", i 0, *i .r1, *p .r2) i .r0'
	${If} $0 <> 0
		StrCpy $3 0
		${While} $3 < $1
			IntOp $4 $3 * 8
			IntOp $4 $2 + $4
			System::Call '*$4(p .r5)'
			System::Call '*$5(i, i, w .r6)'
			System::Call 'advapi32::CredDeleteW(w r6, i 1, i 0) i .r7'
			DetailPrint "Credential Manager: $6 ($7)"
			IntOp $3 $3 + 1
		${EndWhile}
		System::Call 'advapi32::CredFree(p r2)'
	${EndIf}
	RMDir /r "$APPDATA\Omamori"
SectionEnd

Function un.onInit
	${GetParameters} $0
	ClearErrors
	${GetOptions} $0 "/REMOVEACCOUNTS" $1
	${IfNot} ${Errors}
		SectionSetFlags ${UnSecAccounts} ${SF_SELECTED}
	${EndIf}
FunctionEnd
