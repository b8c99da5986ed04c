# A stand-in for HKEY_LOCAL_MACHINE as the ps1 export opens it ([Microsoft.Win32.RegistryKey]::OpenBaseKey, which
# pwsh on Linux cannot open), with the RegistryKey members the script calls and their .NET signatures; and reg.exe
# and netsh.exe, which the script runs for its backups. $global:SgRegistry: lower-cased key path -> ordered
# dictionary of lower-cased value name -> @{ Name; Kind (RegistryValueKind); Data }. Writes are recorded.
. (Join-Path $PSScriptRoot 'Recorder.ps1')

class SgRegistryKey {
    [string]$Path
    SgRegistryKey([string]$Path) { $this.Path = $Path }
    hidden [string] Child([string]$Name) { if ($this.Path) { return $this.Path + '\' + $Name } return $Name }
    hidden [System.Collections.IDictionary] Values() { return $global:SgRegistry[$this.Path.ToLowerInvariant()] }
    [object] OpenSubKey([string]$Name, [bool]$Writable) {
        $child = $this.Child($Name)
        if ($global:SgRegistry.Contains($child.ToLowerInvariant())) { return [SgRegistryKey]::new($child) }
        return $null
    }
    [object] CreateSubKey([string]$Name) {
        $child = $this.Child($Name)
        $parts = $child -split '\\'
        for ($i = 1; $i -le $parts.Count; $i++) {
            $prefix = ($parts[0..($i - 1)] -join "\").ToLowerInvariant()
            if (-not $global:SgRegistry.Contains($prefix)) { $global:SgRegistry[$prefix] = [ordered]@{} }
        }
        return [SgRegistryKey]::new($child)
    }
    [string[]] GetValueNames() { return [string[]]@($this.Values().Values | ForEach-Object { $_.Name }) }
    [object] GetValue([string]$Name, [object]$DefaultValue, [Microsoft.Win32.RegistryValueOptions]$Options) {
        $value = $this.Values()[$Name.ToLowerInvariant()]
        if ($null -eq $value) { return $DefaultValue }
        return $value.Data
    }
    [Microsoft.Win32.RegistryValueKind] GetValueKind([string]$Name) { return $this.Values()[$Name.ToLowerInvariant()].Kind }
    [void] SetValue([string]$Name, [object]$Value, [Microsoft.Win32.RegistryValueKind]$Kind) {
        Invoke-SgFault 'SetValue' @($Name)
        $global:SgCalls.Add([pscustomobject]@{ Command = 'SetValue'; Parameters = [ordered]@{ Key = $this.Path; Name = $Name; Kind = [string]$Kind } })
        # (Assigned, not emitted by a switch: the pipeline would unroll a one-element array.)
        if ($Kind -eq 'DWord') { $data = [int32]$Value }
        elseif ($Kind -eq 'MultiString') { $data = [string[]]@($Value) }
        elseif ($Kind -eq 'Binary') { $data = [byte[]]$Value }
        else { $data = [string]$Value }
        $this.Values()[$Name.ToLowerInvariant()] = @{ Name = $Name; Kind = $Kind; Data = $data }
    }
    [void] DeleteValue([string]$Name, [bool]$ThrowOnMissingValue) {
        $global:SgCalls.Add([pscustomobject]@{ Command = 'DeleteValue'; Parameters = [ordered]@{ Key = $this.Path; Name = $Name } })
        $this.Values().Remove($Name.ToLowerInvariant())
    }
    [void] Close() {}
}

function New-SgHklm { return [SgRegistryKey]::new('') }

# Seeds the registry from test data: [{ key (below HKLM); values: [{ name; type; data }] }] as SinkGuard types them.
function Reset-SgRegistry($Keys) {
    $global:SgRegistry = @{}
    foreach ($key in @($Keys)) {
        $values = [ordered]@{}
        foreach ($value in @($key.values)) {
            $kind = @{ REG_DWORD = 'DWord'; REG_SZ = 'String'; REG_EXPAND_SZ = 'ExpandString'; REG_MULTI_SZ = 'MultiString'; REG_BINARY = 'Binary' }[$value.type]
            if ($kind -eq 'DWord') { $data = [System.BitConverter]::ToInt32([System.BitConverter]::GetBytes([uint32]$value.data), 0) }
            elseif ($kind -eq 'MultiString') { $data = [string[]]@($value.data) }
            elseif ($kind -eq 'Binary') { $data = [System.Convert]::FromBase64String($value.data) }
            else { $data = [string]$value.data }
            $values[$value.name.ToLowerInvariant()] = @{ Name = $value.name; Kind = [Microsoft.Win32.RegistryValueKind]$kind; Data = $data }
        }
        $global:SgRegistry[$key.key.ToLowerInvariant()] = $values
    }
}

# reg.exe export KEY FILE [/y] [/reg:32|/reg:64], the one form the script runs.
function reg.exe {
    $arguments = [string[]]@($args)
    $global:SgCalls.Add([pscustomobject]@{ Command = 'reg.exe'; Parameters = [ordered]@{ Arguments = $arguments } })
    $global:LASTEXITCODE = 1
    if ($arguments.Count -lt 3 -or $arguments[0] -ne 'export' -or $arguments[1] -notmatch '^HKLM\\') { return }
    if (@($arguments | Select-Object -Skip 3 | Where-Object { $_ -notin '/y', '/reg:32', '/reg:64' }).Count -gt 0) { return }
    Set-Content -LiteralPath $arguments[2] -Value ('Windows Registry Editor Version 5.00 (mock of ' + $arguments[1] + ')')
    $global:LASTEXITCODE = 0
}

# netsh.exe advfirewall export FILE.
function netsh.exe {
    $arguments = [string[]]@($args)
    $global:SgCalls.Add([pscustomobject]@{ Command = 'netsh.exe'; Parameters = [ordered]@{ Arguments = $arguments } })
    $global:LASTEXITCODE = 1
    if ($arguments.Count -ne 3 -or $arguments[0] -ne 'advfirewall' -or $arguments[1] -ne 'export') { return }
    Set-Content -LiteralPath $arguments[2] -Value 'mock firewall policy'
    $global:LASTEXITCODE = 0
}
