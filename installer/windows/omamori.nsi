; Omamori installer for Windows: per user, no administrator rights.
; Built on Linux by `make installer` (makensis -INPUTCHARSET UTF8) with
; -DVERSION=1.2.3 -DVERSION4=1.2.3.4 -DSRCDIR=dist/windows -DICON=... -DOUTFILE=...
;
; Customer: double-click → it installs at once (per user: nothing to choose,
; no administrator prompt) → 「完了」 starts the app. One click after opening.
; Help desks and fleets:
;   Omamori-Setup-X.exe /S [/NODESKTOP] [/D=C:\path]   silent install or upgrade
;   Omamori-Setup-X.exe /S /RUN   Omamori's own update (internal/update): wait for
;                                 the Omamori that started it to quit, start the new one
;   Omamori-Setup-X.exe /S /RUN /TRAY   the same after an automatic update: the new
;                                 one starts in the tray (Omamori.exe --tray)
;   Omamori-Setup-X.exe /S /WAIT  an automatic update at quit: wait, start nothing
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

Var Upgraded ; the finish page's sentence about kept accounts, set on an upgrade

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_WELCOMEFINISHPAGE_BITMAP "${SIDEBAR}"
; No welcome or folder page: a per-user install has nothing to decide, and
; every page is one more click a help desk must talk a customer through.
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_TITLE "$(FinishTitle)"
; $Upgraded is empty on a first install: only an upgrade speaks of the
; accounts already registered.
!define MUI_FINISHPAGE_TEXT "$(FinishText)$Upgraded"
!define MUI_FINISHPAGE_RUN "$INSTDIR\Omamori.exe"
!define MUI_FINISHPAGE_RUN_TEXT "$(RunNow)"
!insertmacro MUI_PAGE_FINISH

; The uninstaller speaks our words, not NSIS's stock Japanese (half-width
; 「ｱﾝｲﾝｽﾄｰﾙ(U)」, 「構成要素の選択」).
!define MUI_PAGE_HEADER_TEXT "$(UnConfirmTitle)"
!define MUI_PAGE_HEADER_SUBTEXT "$(UnConfirmSub)"
!define MUI_UNCONFIRMPAGE_TEXT_TOP "$(UnConfirmTop)"
!insertmacro MUI_UNPAGE_CONFIRM
!define MUI_COMPONENTSPAGE_NODESC
!define MUI_PAGE_HEADER_TEXT "$(UnChooseTitle)"
!define MUI_PAGE_HEADER_SUBTEXT "$(UnChooseSub)"
!define MUI_COMPONENTSPAGE_TEXT_TOP "$(UnChooseTop)"
!define MUI_COMPONENTSPAGE_TEXT_COMPLIST "$(UnChooseList)"
SpaceTexts none
!insertmacro MUI_UNPAGE_COMPONENTS
!define MUI_PAGE_HEADER_TEXT "$(UnRunningTitle)"
!define MUI_PAGE_HEADER_SUBTEXT "$(UnRunningSub)"
!insertmacro MUI_UNPAGE_INSTFILES
UninstallButtonText "$(UnButton)"

; The first language is the fallback; Japanese Windows picks Japanese.
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_LANGUAGE "Japanese"

LangString FinishTitle ${LANG_JAPANESE} "お守り (Omamori) をインストールしました"
LangString FinishTitle ${LANG_ENGLISH} "Omamori is installed"
LangString FinishText ${LANG_JAPANESE} "「完了」を押すと、お守りが起動します。$\r$\n$\r$\nスタートメニューとデスクトップの「お守り (Omamori)」からも起動できます。"
LangString FinishText ${LANG_ENGLISH} "Press Finish to start Omamori.$\r$\n$\r$\nYou can also start it from $\"お守り (Omamori)$\" in the Start menu or on the desktop."
LangString FinishKept ${LANG_JAPANESE} "$\r$\n$\r$\n新しい版に入れ替えました。登録済みのアカウントはそのまま使えます。"
LangString FinishKept ${LANG_ENGLISH} "$\r$\n$\r$\nOmamori has been updated. The accounts you registered are kept."
LangString RunNow ${LANG_JAPANESE} "お守りを起動する"
LangString RunNow ${LANG_ENGLISH} "Start Omamori"
LangString SecAccounts ${LANG_JAPANESE} "登録したアカウントも削除する"
LangString SecAccounts ${LANG_ENGLISH} "Also delete my accounts"
LangString SecProgram ${LANG_JAPANESE} "プログラム"
LangString SecProgram ${LANG_ENGLISH} "Program"
LangString UnButton ${LANG_JAPANESE} "取り除く(&U)"
LangString UnButton ${LANG_ENGLISH} "&Uninstall"
LangString UnConfirmTitle ${LANG_JAPANESE} "お守り (Omamori) のアンインストール"
LangString UnConfirmTitle ${LANG_ENGLISH} "Uninstall Omamori"
LangString UnConfirmSub ${LANG_JAPANESE} "このパソコンからお守りを取り除きます。"
LangString UnConfirmSub ${LANG_ENGLISH} "Remove Omamori from this PC."
LangString UnConfirmTop ${LANG_JAPANESE} "「次へ」を押すと、登録したアカウントを残すか削除するかを選べます。"
LangString UnConfirmTop ${LANG_ENGLISH} "Press Next to choose whether to keep or delete your registered accounts."
LangString UnChooseTitle ${LANG_JAPANESE} "登録したアカウントを残しますか"
LangString UnChooseTitle ${LANG_ENGLISH} "Keep your accounts?"
LangString UnChooseSub ${LANG_JAPANESE} "お守りをもう一度入れたときに、同じアカウントを使えるように残せます。"
LangString UnChooseSub ${LANG_ENGLISH} "Kept accounts work again if you reinstall Omamori."
LangString UnChooseTop ${LANG_JAPANESE} "アカウントも削除する場合だけ、下の「登録したアカウントも削除する」にチェックを入れてください。削除したアカウントを使うには、ご利用の証券会社のコールセンターにワンタイムパスワードの再設定をお申し付けいただく必要があります。"
LangString UnChooseTop ${LANG_ENGLISH} "Tick “Also delete my accounts” only if you want them gone. To use a deleted account again you must ask your broker's call centre to set up the one-time password again."
LangString UnChooseList ${LANG_JAPANESE} "取り除くもの:"
LangString UnChooseList ${LANG_ENGLISH} "Remove:"
LangString UnRunningTitle ${LANG_JAPANESE} "アンインストールしています"
LangString UnRunningTitle ${LANG_ENGLISH} "Uninstalling"
LangString UnRunningSub ${LANG_JAPANESE} "しばらくお待ちください。"
LangString UnRunningSub ${LANG_ENGLISH} "Please wait."


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
		StrCpy $Upgraded "$(FinishKept)"
	${EndIf}
FunctionEnd

Section "-Program"
	SetShellVarContext current
	${GetParameters} $R0
	ClearErrors
	${GetOptions} $R0 "/RUN" $R1
	${IfNot} ${Errors}
		Sleep 2000 ; the Omamori that started us quits: its files become writable
	${Else}
		ClearErrors
		${GetOptions} $R0 "/WAIT" $R1
		${IfNot} ${Errors}
			Sleep 2000 ; the same, for an automatic update at quit (nothing restarts)
		${EndIf}
	${EndIf}
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
	ClearErrors
	${GetOptions} $R0 "/RUN" $R1
	${IfNot} ${Errors}
		ClearErrors
		${GetOptions} $R0 "/TRAY" $R1
		${If} ${Errors}
			Exec '"$INSTDIR\Omamori.exe"'
		${Else}
			Exec '"$INSTDIR\Omamori.exe" --tray' ; an automatic update: back in the tray (app.TrayArg)
		${EndIf}
	${EndIf}
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
