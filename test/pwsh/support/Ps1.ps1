# Running the ps1 export against a mocked machine (see ps1-export.test.ts).
$script:Mutating = @('SetValue', 'DeleteValue', 'Set-NetFirewallRule', 'New-NetFirewallRule', 'Remove-NetFirewallRule',
    'Enable-NetFirewallRule', 'Disable-NetFirewallRule')

function Reset-SgMachine($Case) {
    Reset-SgRegistry $Case.registry
    Reset-SgFirewall @($Case.rules | ForEach-Object {
        New-SgRule -Name $_.Name -DisplayName $_.DisplayName -Description $_.Description -Enabled $_.Enabled `
            -Direction $_.Direction -Action $_.Action -Profile $_.Profile -RemoteAddress $_.RemoteAddress
    })
    Reset-SgCalls
}

# The machine's values and rules as comparable text (keys without values left out: the script creates keys and
# says so; it never deletes one).
function Get-SgMachineJson {
    $registry = [ordered]@{}
    foreach ($key in @($global:SgRegistry.Keys | Sort-Object)) {
        $values = $global:SgRegistry[$key]
        if ($values.Count -eq 0) { continue }
        $registry[$key] = @($values.Keys | Sort-Object | ForEach-Object {
            $value = $values[$_]; '{0}={1}:{2}' -f $value.Name, $value.Kind, (ConvertTo-Json -Compress -InputObject $value.Data)
        })
    }
    $rules = @($global:SgRules.Keys | Sort-Object | ForEach-Object { $_ + '=' + (Get-SgRuleState $_ | ConvertTo-Json -Compress) })
    return ConvertTo-Json -Compress -Depth 4 -InputObject ([ordered]@{ Registry = $registry; Rules = $rules })
}

# Writes the case's script with HKLM opened by the mock (the one statement replaced) and returns its path.
function New-SgScript($Case, [string]$Folder) {
    $open = "[Microsoft.Win32.RegistryKey]::OpenBaseKey(`r`n    [Microsoft.Win32.RegistryHive]::LocalMachine, [Microsoft.Win32.RegistryView]::Registry64)"
    $path = Join-Path $Folder (($Case.name -replace '[^A-Za-z0-9-]', '-') + '.ps1')
    Set-Content -LiteralPath $path -Value $Case.script.Replace($open, '(New-SgHklm)') -Encoding utf8BOM -NoNewline
    return $path
}

# Runs the script (its host output dropped) and returns its exit code.
function Invoke-SgScript([string]$Path, [hashtable]$Parameters = @{}) {
    $global:LASTEXITCODE = 0
    & $Path @Parameters 6> $null | Out-Null
    return $LASTEXITCODE
}

function Get-SgMutatingJson { Get-SgCallsJson $script:Mutating }
