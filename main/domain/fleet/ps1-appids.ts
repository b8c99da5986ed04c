/**
 * The ps1 export's section for the DCOM applications a profile names (ps1-script.ts places it after the values).
 * Each application's AppID key is found on the machine first, never created: by its AppID, or by the AppID value
 * of its executable's `program.exe` key, in the 64-bit view and then the 32-bit one. One that is not registered
 * there, or an executable mapped to several AppIDs, is reported and skipped; the rest is checked, backed up, set
 * (or removed, for the machine default), verified and undone on failure like every other value.
 * Written without backticks or dollar-brace so it can live in a template literal unchanged.
 */
export const APPID_SECTION = String.raw`
function Find-AppIdKey($Application) {
    $guid = $Application.guid
    if ($null -eq $guid) {
        $mapped = @(foreach ($root in @($Desired.appIdRoots)) {
            $pointer = Get-CurrentValue ($root + '\' + $Application.id) 'AppID'
            if ($null -ne $pointer -and $pointer.Kind -eq 'String') { ([string]$pointer.Data).Trim().ToUpperInvariant() }
        }) | Sort-Object -Unique
        $mapped = @($mapped)
        if ($mapped.Count -eq 0) { return [pscustomobject]@{ Key = $null; Why = ('no AppID key maps ' + $Application.id + ' here') } }
        if ($mapped.Count -gt 1) { return [pscustomobject]@{ Key = $null; Why = ($Application.id + ' maps to several AppIDs: ' + ($mapped -join ', ') + '; name one in the profile') } }
        # Only a GUID is ever used as a key name: the pointer is data from the machine.
        if ($mapped[0] -notmatch '^\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}$') {
            return [pscustomobject]@{ Key = $null; Why = ($Application.id + ' points at ' + $mapped[0] + ', which is no AppID') }
        }
        $guid = $mapped[0]
    }
    foreach ($root in @($Desired.appIdRoots)) {
        $handle = $Hklm.OpenSubKey($root + '\' + $guid, $false)
        if ($null -ne $handle) {
            $handle.Close()
            return [pscustomobject]@{ Key = ($root + '\' + $guid); Why = '' }
        }
    }
    return [pscustomobject]@{ Key = $null; Why = ('the AppID ' + $guid + ' is not registered here') }
}

function Remove-DesiredValue($Entry) {
    $handle = $Hklm.OpenSubKey($Entry.key, $true)
    try { $handle.DeleteValue($Entry.name, $false) } finally { $handle.Close() }
}

function Test-AppIdValue($Value, $Entry, $Current) {
    if ($Value.remove) { return $null -eq $Current }
    return Test-Meets $Entry $Current
}

# DCOM applications: the AppID key found first (never created), then each value checked, backed up, set, verified.
foreach ($application in @($Desired.applications)) {
    if ($script:Failed) { break }
    $found = Find-AppIdKey $application
    if ($null -eq $found.Key) {
        Add-Result $application.settingId ('DCOM application ' + $application.id) 'absent' $found.Why 'skipped'
        continue
    }
    foreach ($value in @($application.values)) {
        if ($script:Failed) { break }
        $entry = [pscustomobject]@{ key = $found.Key; name = $value.name; type = $value.type; data = $value.data; accept = $value.accept }
        $item = 'HKLM\{0}\{1}' -f $entry.key, $entry.name
        $before = Get-CurrentValue $entry.key $entry.name
        if (Test-AppIdValue $value $entry $before) {
            Add-Result $application.settingId $item 'ok' (Format-Value $before) ''
            continue
        }
        $action = if ($value.remove) { 'Remove registry value (the machine default applies)' } else { 'Set registry value' }
        if (-not $PSCmdlet.ShouldProcess($item, $action)) {
            Add-Result $application.settingId $item 'would change' (Format-Value $before) ''
            continue
        }
        try {
            Backup-Key $entry.key
            $Undo.Add(@{ Kind = 'value'; Entry = $entry; Before = $before })
            if ($value.remove) { Remove-DesiredValue $entry } else { Set-DesiredValue $entry $entry.data }
            $after = Get-CurrentValue $entry.key $entry.name
            $status = if (Test-AppIdValue $value $entry $after) { 'changed' } else { 'FAILED' }
            Add-Result $application.settingId $item $status (Format-Value $before) (Format-Value $after)
        } catch {
            $status = 'FAILED'
            Add-Result $application.settingId $item 'FAILED' (Format-Value $before) $_.Exception.Message
        }
        if ($status -eq 'FAILED') { $script:Failed = $true }
    }
}
`;
