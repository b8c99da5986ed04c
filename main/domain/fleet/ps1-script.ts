/** The ps1 export's PowerShell program (ps1.ts puts the profile's data line and header comments around it). */
import { APPID_SECTION } from './ps1-appids';

/**
 * The script's code: the same for every profile (only the data line and the header comments vary). Written
 * without backticks or dollar-brace so it can live in a template literal unchanged.
 */
export const SCRIPT_BODY = String.raw`[CmdletBinding(SupportsShouldProcess)]
param(
    # Backups and the JSON report go to a timestamped folder below this, created only when something changes.
    [string]$BackupRoot = (Join-Path $env:ProgramData 'SinkGuard\Backups'),
    # Also open each target the profile limits to the management scope, from that scope only, on these firewall
    # profiles: SinkGuard's own rule per target and profile, created where missing. Without it nothing is opened.
    [ValidateSet('Domain', 'Private', 'Public')]
    [string[]]$OpenFromScopeOn = @()
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

# The profile as base64 of UTF-8 JSON, decoded at run time: no profile text is parsed as code. (The narrow rules'
# commands in it are SinkGuard's, made by the app's change engine from re-validated addresses, quoted by it.)
@@DATA@@
$Desired = [System.Text.Encoding]::UTF8.GetString([System.Convert]::FromBase64String($ProfileData)) | ConvertFrom-Json

$Hklm = [Microsoft.Win32.RegistryKey]::OpenBaseKey(
    [Microsoft.Win32.RegistryHive]::LocalMachine, [Microsoft.Win32.RegistryView]::Registry64)
$Kinds = @{ REG_DWORD = 'DWord'; REG_SZ = 'String'; REG_MULTI_SZ = 'MultiString'; REG_BINARY = 'Binary' }
$Results = New-Object System.Collections.Generic.List[object]
$BackedUpKeys = New-Object 'System.Collections.Generic.HashSet[string]' ([System.StringComparer]::OrdinalIgnoreCase)
$script:BackupFolder = $null
$script:FirewallBackedUp = $false
# How to put back each change made so far (newest last); run in reverse when a change fails, then nothing more changes.
$Undo = New-Object System.Collections.Generic.List[object]
$script:Failed = $false

function Add-Result([string]$Setting, [string]$Item, [string]$Status, [string]$Before, [string]$After) {
    $Results.Add([pscustomobject]@{ Setting = $Setting; Item = $Item; Status = $Status; Before = $Before; After = $After })
}

function Get-BackupFolder {
    if ($null -eq $script:BackupFolder) {
        $script:BackupFolder = Join-Path $BackupRoot ('{0:yyyyMMdd-HHmmss}' -f (Get-Date))
        New-Item -ItemType Directory -Path $script:BackupFolder -Force | Out-Null
    }
    return $script:BackupFolder
}

function ConvertTo-UInt32($Data) {
    return [System.BitConverter]::ToUInt32([System.BitConverter]::GetBytes([int32]$Data), 0)
}

function Get-CurrentValue([string]$Key, [string]$Name) {
    $handle = $Hklm.OpenSubKey($Key, $false)
    if ($null -eq $handle) { return $null }
    try {
        if (-not ($handle.GetValueNames() -contains $Name)) { return $null }
        $data = $handle.GetValue($Name, $null, [Microsoft.Win32.RegistryValueOptions]::DoNotExpandEnvironmentNames)
        return [pscustomobject]@{ Kind = $handle.GetValueKind($Name).ToString(); Data = $data }
    } finally {
        $handle.Close()
    }
}

function Format-Value($Current) {
    if ($null -eq $Current) { return '(absent)' }
    switch ($Current.Kind) {
        'DWord' { return ('{0} (REG_DWORD)' -f (ConvertTo-UInt32 $Current.Data)) }
        'Binary' { return ('{0} (REG_BINARY, base64)' -f [System.Convert]::ToBase64String([byte[]]$Current.Data)) }
        'MultiString' { return ('{0} (REG_MULTI_SZ)' -f ((@($Current.Data) | ConvertTo-Json -Compress))) }
        default { return ('{0} ({1})' -f ([string]$Current.Data | ConvertTo-Json -Compress), $Current.Kind) }
    }
}

function Test-SameData($Entry, $Data, $Wanted) {
    switch ($Entry.type) {
        'REG_DWORD' { return (ConvertTo-UInt32 $Data) -eq [int64]$Wanted }
        'REG_BINARY' { return [System.Convert]::ToBase64String([byte[]]$Data) -ceq [string]$Wanted }
        'REG_MULTI_SZ' { return ((@($Data) | ConvertTo-Json -Compress) -ceq (@($Wanted) | ConvertTo-Json -Compress)) }
        default { return ([string]$Data) -eq ([string]$Wanted) }
    }
}

function Test-Meets($Entry, $Current) {
    if ($null -eq $Current -or $Current.Kind -ne $Kinds[$Entry.type]) { return $false }
    switch ($Entry.accept.kind) {
        'exactly' { return Test-SameData $Entry $Current.Data $Entry.data }
        'one-of' {
            foreach ($candidate in @($Entry.accept.values)) {
                if (Test-SameData $Entry $Current.Data $candidate) { return $true }
            }
            return $false
        }
        'at-least' { return (ConvertTo-UInt32 $Current.Data) -ge [int64]$Entry.accept.value }
        'at-most' { return (ConvertTo-UInt32 $Current.Data) -le [int64]$Entry.accept.value }
        'bits' {
            $bits = [int64](ConvertTo-UInt32 $Current.Data)
            return (($bits -band [int64]$Entry.accept.set) -eq [int64]$Entry.accept.set) -and (($bits -band [int64]$Entry.accept.clear) -eq 0)
        }
    }
    throw ('unknown acceptance rule {0}' -f $Entry.accept.kind)
}

# What to write: the entry's data, except for flag bits, where only the profile's bits change and the others stay
# as the machine has them (a missing or mistyped value starts from the entry's data, the default with those bits).
function Get-WrittenData($Entry, $Current) {
    if ($Entry.accept.kind -ne 'bits') { return $Entry.data }
    $bits = if ($null -ne $Current -and $Current.Kind -eq 'DWord') { [int64](ConvertTo-UInt32 $Current.Data) } else { [int64]$Entry.data }
    return (($bits -band ([int64]4294967295 -bxor [int64]$Entry.accept.clear)) -bor [int64]$Entry.accept.set)
}

function Backup-Key([string]$Key) {
    if (-not $BackedUpKeys.Add($Key)) { return }
    $handle = $Hklm.OpenSubKey($Key, $false)
    if ($null -eq $handle) {
        Add-Result '' ('HKLM\' + $Key) 'created' '(key absent)' 'delete this key to undo'
        return
    }
    $handle.Close()
    $file = Join-Path (Get-BackupFolder) ('registry-{0:d2}.reg' -f $BackedUpKeys.Count)
    & reg.exe export ('HKLM\' + $Key) $file /y /reg:64 | Out-Null
    if ($LASTEXITCODE -ne 0) { throw ('reg export of HKLM\{0} failed with exit code {1}' -f $Key, $LASTEXITCODE) }
}

function Backup-Firewall {
    if ($script:FirewallBackedUp) { return }
    $script:FirewallBackedUp = $true
    $file = Join-Path (Get-BackupFolder) 'firewall.wfw'
    & netsh.exe advfirewall export $file | Out-Null
    if ($LASTEXITCODE -ne 0) { throw ('netsh advfirewall export failed with exit code {0}' -f $LASTEXITCODE) }
}

function Set-DesiredValue($Entry, $Data) {
    $handle = $Hklm.CreateSubKey($Entry.key)
    try {
        switch ($Entry.type) {
            'REG_DWORD' {
                $signed = [System.BitConverter]::ToInt32([System.BitConverter]::GetBytes([uint32]$Data), 0)
                $handle.SetValue($Entry.name, $signed, [Microsoft.Win32.RegistryValueKind]::DWord)
            }
            'REG_SZ' { $handle.SetValue($Entry.name, [string]$Data, [Microsoft.Win32.RegistryValueKind]::String) }
            'REG_MULTI_SZ' { $handle.SetValue($Entry.name, [string[]]@($Data), [Microsoft.Win32.RegistryValueKind]::MultiString) }
            'REG_BINARY' {
                $handle.SetValue($Entry.name, [System.Convert]::FromBase64String($Data), [Microsoft.Win32.RegistryValueKind]::Binary)
            }
            default { throw ('unsupported registry type {0}' -f $Entry.type) }
        }
    } finally {
        $handle.Close()
    }
}

# One undo step: a value back to what it was (or deleted), a rule's properties back, a created rule removed.
function Invoke-Undo($Step) {
    switch ($Step.Kind) {
        'value' {
            $handle = $Hklm.CreateSubKey($Step.Entry.key)
            try {
                if ($null -eq $Step.Before) { $handle.DeleteValue($Step.Entry.name, $false) }
                else { $handle.SetValue($Step.Entry.name, $Step.Before.Data, [Microsoft.Win32.RegistryValueKind]$Step.Before.Kind) }
            } finally {
                $handle.Close()
            }
        }
        'rule' { $properties = $Step.Properties; Set-NetFirewallRule -Name $Step.RuleId @properties }
        'created-rule' { Remove-NetFirewallRule -Name $Step.RuleId }
    }
}

function Get-RemoteScope($Rule) {
    $filter = Get-NetFirewallAddressFilter -AssociatedNetFirewallRule $Rule
    return @(@($filter.RemoteAddress) | ForEach-Object { ([string]$_).ToLowerInvariant() } | Sort-Object -Unique)
}

function Test-RemoteScope($Entry, $Rule) {
    $have = Get-RemoteScope $Rule
    foreach ($form in @($Entry.remoteAddresses, $Entry.reportedRemoteAddresses)) {
        $want = @(@($form) | ForEach-Object { ([string]$_).ToLowerInvariant() } | Sort-Object -Unique)
        if (-not (Compare-Object $have $want)) { return $true }
    }
    return $false
}

function Test-FirewallMeets($Entry, $Rule) {
    if ($Entry.action -eq 'disable') { return ([string]$Rule.Enabled) -ne 'True' }
    return Test-RemoteScope $Entry $Rule
}

function Test-NarrowRuleMeets($Entry, $Rule) {
    if (([string]$Rule.Enabled) -ne 'True' -or ([string]$Rule.Action) -ne 'Allow') { return $false }
    if (([string]$Rule.Direction) -ne 'Inbound' -or ([string]$Rule.Profile) -ne $Entry.profile) { return $false }
    return Test-RemoteScope $Entry $Rule
}

function Format-Rule($Rule) {
    return ('enabled={0}; profile={1}; remote={2}' -f $Rule.Enabled, $Rule.Profile, ((Get-RemoteScope $Rule) -join ','))
}

# Registry values: check, back up the key, set, verify.
foreach ($entry in @($Desired.values)) {
    if ($script:Failed) { break }
    $item = 'HKLM\{0}\{1}' -f $entry.key, $entry.name
    $before = Get-CurrentValue $entry.key $entry.name
    if (Test-Meets $entry $before) {
        Add-Result $entry.settingId $item 'ok' (Format-Value $before) ''
        continue
    }
    if (-not $PSCmdlet.ShouldProcess($item, 'Set registry value')) {
        Add-Result $entry.settingId $item 'would change' (Format-Value $before) ''
        continue
    }
    try {
        Backup-Key $entry.key
        $Undo.Add(@{ Kind = 'value'; Entry = $entry; Before = $before })
        Set-DesiredValue $entry (Get-WrittenData $entry $before)
        $after = Get-CurrentValue $entry.key $entry.name
        $status = if (Test-Meets $entry $after) { 'changed' } else { 'FAILED' }
        Add-Result $entry.settingId $item $status (Format-Value $before) (Format-Value $after)
    } catch {
        $status = 'FAILED'
        Add-Result $entry.settingId $item 'FAILED' (Format-Value $before) $_.Exception.Message
    }
    if ($status -eq 'FAILED') { $script:Failed = $true }
}

${APPID_SECTION}
# Built-in WMI firewall rules, addressed by their stable rule ids; a rule that is not there is left alone.
foreach ($entry in @($Desired.firewall)) {
    foreach ($ruleId in @($entry.ruleIds)) {
        if ($script:Failed) { break }
        $item = 'firewall rule ' + $ruleId
        $rule = Get-NetFirewallRule -Name $ruleId -ErrorAction SilentlyContinue
        if ($null -eq $rule) {
            Add-Result $entry.settingId $item 'absent' '(no such rule)' ''
            continue
        }
        $before = Format-Rule $rule
        if (Test-FirewallMeets $entry $rule) {
            Add-Result $entry.settingId $item 'ok' $before ''
            continue
        }
        $action = if ($entry.action -eq 'disable') { 'Disable firewall rule' } else { 'Limit remote addresses of firewall rule' }
        if (-not $PSCmdlet.ShouldProcess($ruleId, $action)) {
            Add-Result $entry.settingId $item 'would change' $before ''
            continue
        }
        try {
            Backup-Firewall
            if ($entry.action -eq 'disable') {
                $Undo.Add(@{ Kind = 'rule'; RuleId = $ruleId; Properties = @{ Enabled = [string]$rule.Enabled } })
                Set-NetFirewallRule -Name $ruleId -Enabled False
            } else {
                $remote = [string[]]@((Get-NetFirewallAddressFilter -AssociatedNetFirewallRule $rule).RemoteAddress)
                $Undo.Add(@{ Kind = 'rule'; RuleId = $ruleId; Properties = @{ RemoteAddress = $remote } })
                Set-NetFirewallRule -Name $ruleId -RemoteAddress ([string[]]@($entry.remoteAddresses))
            }
            $rule = Get-NetFirewallRule -Name $ruleId
            $status = if (Test-FirewallMeets $entry $rule) { 'changed' } else { 'FAILED' }
            Add-Result $entry.settingId $item $status $before (Format-Rule $rule)
        } catch {
            $status = 'FAILED'
            Add-Result $entry.settingId $item 'FAILED' $before $_.Exception.Message
        }
        if ($status -eq 'FAILED') { $script:Failed = $true }
    }
}

# -OpenFromScopeOn: SinkGuard's own narrow rule per target and chosen profile, checked first, created where missing
# (New-NetFirewallRule) or put back to the scope and profile (Set-NetFirewallRule), then verified. The commands are
# the app's change engine's, built from validated addresses only and quoted by it.
if ($OpenFromScopeOn.Count -gt 0 -and $null -ne $Desired.narrowRulesRefused) {
    Add-Result '' 'firewall: -OpenFromScopeOn' 'FAILED' '' ([string]$Desired.narrowRulesRefused)
}
foreach ($entry in @($Desired.narrowRules)) {
    if ($script:Failed) { break }
    if ($OpenFromScopeOn -notcontains $entry.profile) { continue }
    $item = 'firewall rule ' + $entry.ruleId
    $rule = Get-NetFirewallRule -Name $entry.ruleId -ErrorAction SilentlyContinue
    $before = if ($null -eq $rule) { '(no such rule)' } else { Format-Rule $rule }
    if ($null -ne $rule -and (Test-NarrowRuleMeets $entry $rule)) {
        Add-Result $entry.settingId $item 'ok' $before ''
        continue
    }
    $action = if ($null -eq $rule) { 'Create firewall rule' } else { 'Set remote addresses and profile of firewall rule' }
    if (-not $PSCmdlet.ShouldProcess($entry.ruleId, $action)) {
        Add-Result $entry.settingId $item 'would change' $before ''
        continue
    }
    try {
        Backup-Firewall
        if ($null -eq $rule) {
            $Undo.Add(@{ Kind = 'created-rule'; RuleId = [string]$entry.ruleId })
            $command = [string]$entry.create
        } else {
            $remote = [string[]]@((Get-NetFirewallAddressFilter -AssociatedNetFirewallRule $rule).RemoteAddress)
            $properties = @{ Enabled = [string]$rule.Enabled; Profile = [string]$rule.Profile; RemoteAddress = $remote }
            $Undo.Add(@{ Kind = 'rule'; RuleId = [string]$entry.ruleId; Properties = $properties })
            $command = [string]$entry.update
        }
        & ([scriptblock]::Create($command))
        $rule = Get-NetFirewallRule -Name $entry.ruleId
        $status = if (Test-NarrowRuleMeets $entry $rule) { 'changed' } else { 'FAILED' }
        Add-Result $entry.settingId $item $status $before (Format-Rule $rule)
    } catch {
        $status = 'FAILED'
        Add-Result $entry.settingId $item 'FAILED' $before $_.Exception.Message
    }
    if ($status -eq 'FAILED') { $script:Failed = $true }
}

# A change failed: put back every change made so far, newest first, and say whether each went back.
if ($script:Failed) {
    for ($index = $Undo.Count - 1; $index -ge 0; $index--) {
        try {
            Invoke-Undo $Undo[$index]
            Add-Result '' ('undo ' + ($Undo.Count - $index)) 'restored' '' ''
        } catch {
            Add-Result '' ('undo ' + ($Undo.Count - $index)) 'RESTORE FAILED' '' $_.Exception.Message
        }
    }
}

# Report: a table on the console, JSON next to the backups; exit 1 when any verification failed.
$Results | Format-Table -AutoSize -Property @('Setting', 'Item', 'Status', 'Before', 'After') | Out-String -Width 4096 | Write-Host
if ($null -ne $script:BackupFolder) {
    $report = Join-Path $script:BackupFolder 'report.json'
    $Results | ConvertTo-Json -Depth 4 | Set-Content -Path $report -Encoding UTF8
    Write-Host ('Backups and report: {0}' -f $script:BackupFolder)
}
$failed = @($Results | Where-Object { $_.Status -like '*FAILED' })
if ($failed.Count -gt 0) {
    Write-Warning ('{0} item(s) failed verification.' -f $failed.Count)
    exit 1
}
exit 0
`;
