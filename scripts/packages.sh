#!/usr/bin/env bash
# The packages as a user gets them. Packs Disque.Client, Disque.Client.Hosting,
# Disque.Client.Orleans, Disque.Grains.Interfaces, the Aspire integrations
# (Disque.Aspire.Hosting, Disque.Aspire.Client) and the server's dotnet tool
# (Disque.Orleans) into a folder feed; installs the tool from that feed and starts a
# gateway with its one command (it must answer PING, a job must go round, the dashboard
# and /ready must answer); then a fresh project that references the five libraries by
# version from the feed runs its producers (RESP and Orleans) and its worker against that
# gateway (scripts/package-check/Program.cs), and a fresh Aspire app host that references
# Disque.Aspire.Hosting builds its model of a cluster of the tool's gateways. Any failure
# fails the script, loudly.
# Needs redis-cli and curl. KEEP=1 keeps the work folder.
set -euo pipefail
# (No `grep -q` after a pipe below: it stops reading at the first match, and pipefail would count the writer's SIGPIPE as a failure.)
cd "$(dirname "$0")/.."
repo=$PWD
work=$(mktemp -d -t disque-packages-XXXXXX)
feed=$work/feed
gateway_pid=""
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

finish() {
  local status=$?
  if [ -n "$gateway_pid" ] && kill -0 "$gateway_pid" 2>/dev/null; then
    kill -TERM "$gateway_pid" && wait "$gateway_pid" 2>/dev/null || true
  fi
  if [ "$status" -ne 0 ]; then
    if [ -f "$work/gateway.log" ]; then echo "--- the gateway's output ---" >&2; tail -40 "$work/gateway.log" >&2; fi
    echo "PACKAGE CHECK FAILED (exit $status)" >&2
  fi
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $work"; else rm -rf "$work"; fi
  exit "$status"
}
trap finish EXIT
fail() { echo "package check: $*" >&2; exit 1; }
step() { echo "== $*"; }

# A port on loopback nobody listens on, below the kernel's ephemeral range.
free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 12000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
  fail "no free port"
}

version=$(dotnet msbuild Client/Client.csproj -getProperty:Version)
step "packing version $version into $feed"
for project in Grains.Interfaces Client Client.Hosting Client.Orleans Aspire/Hosting Aspire/Client Gateway; do
  dotnet pack "$project" -c Release -o "$feed" --nologo -v quiet
done
for id in Disque.Grains.Interfaces Disque.Client Disque.Client.Hosting Disque.Client.Orleans Disque.Aspire.Hosting Disque.Aspire.Client Disque.Orleans; do
  package=$feed/$id.$version.nupkg
  [ -f "$package" ] || fail "$id.$version.nupkg was not made"
  [ -f "$feed/$id.$version.snupkg" ] || fail "$id has no symbols package"
  unzip -l "$package" | grep " README.md$" > /dev/null || fail "$id has no README"
  unzip -p "$package" "$id.nuspec" | grep '<license type="expression">MIT</license>' > /dev/null || fail "$id has no license expression"
  echo "   $id $version: $(du -k "$package" | cut -f1) KB, README, MIT, symbols"
done

# From here on the packages restore into a folder of their own, so no copy of ours ever
# lands in (or is read from) the machine's cache; everything else comes from that cache first.
cache=$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')
export NUGET_PACKAGES=$work/packages
cat > "$work/nuget.config" <<CONFIG
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="disque-local" value="$feed" />
  </packageSources>
  <fallbackPackageFolders>
    <add key="machine" value="$cache" />
  </fallbackPackageFolders>
</configuration>
CONFIG

step "installing the server tool from the feed"
(cd "$work" && dotnet tool install Disque.Orleans --version "$version" --tool-path "$work/tool" --add-source "$feed")
resp=$(free_port); silo=$(free_port); orleans=$(free_port); dashboard=$(free_port); health=$(free_port)
step "starting it: disque-orleans --Disque:Port=$resp ..."
"$work/tool/disque-orleans" --Disque:Port="$resp" --Disque:SiloPort="$silo" --Disque:GatewayPort="$orleans" \
  --Disque:DashboardPort="$dashboard" --Disque:HealthPort="$health" --Disque:ClusterId=disque > "$work/gateway.log" 2>&1 &
gateway_pid=$!
for _ in $(seq 1 240); do
  [ "$(redis-cli -p "$resp" PING 2>/dev/null)" = "PONG" ] && break
  kill -0 "$gateway_pid" 2>/dev/null || fail "the tool's gateway exited"
  sleep 0.5
done
[ "$(redis-cli -p "$resp" PING)" = "PONG" ] || fail "the tool's gateway does not answer PING"
grep "RESP on" "$work/gateway.log" | sed 's/^/   /'
id=$(redis-cli -p "$resp" ADDJOB package-check "round trip" 0)
got=$(redis-cli -p "$resp" GETJOB TIMEOUT 5000 FROM package-check)
echo "$got" | grep "$id" > /dev/null || fail "GETJOB did not give back $id: $got"
echo "$got" | grep "round trip" > /dev/null || fail "GETJOB gave another body: $got"
[ "$(redis-cli -p "$resp" ACKJOB "$id")" = "1" ] || fail "ACKJOB $id did not acknowledge it"
echo "   PING answered; $id went round (ADDJOB, GETJOB, ACKJOB)"
curl -sf "http://127.0.0.1:$dashboard/queues" | grep "<h1>Queues</h1>" > /dev/null || fail "the dashboard did not answer"
curl -sf "http://127.0.0.1:$dashboard/assets/dashboard.css" > /dev/null || fail "the dashboard's style sheet is missing"
echo "   the dashboard answers on http://127.0.0.1:$dashboard/"
curl -sf "http://127.0.0.1:$health/ready" | grep '"status":"Healthy"' > /dev/null || fail "/ready did not answer healthy"
curl -sf "http://127.0.0.1:$health/alive" > /dev/null || fail "/alive did not answer"
echo "   /alive and /ready answer 200 on http://127.0.0.1:$health/"

step "a fresh project referencing the client libraries $version from the feed"
mkdir "$work/app"
cp "$work/nuget.config" "$work/app/nuget.config"
cp "$repo/scripts/package-check/Program.cs" "$work/app/Program.cs"
hosting=$(sed -n 's/.*"Microsoft.Extensions.Hosting" Version="\([^"]*\)".*/\1/p' "$repo/Directory.Packages.props")
cat > "$work/app/PackageCheck.csproj" <<PROJECT
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Disque.Client" Version="$version" />
    <PackageReference Include="Disque.Client.Hosting" Version="$version" />
    <PackageReference Include="Disque.Client.Orleans" Version="$version" />
    <PackageReference Include="Disque.Grains.Interfaces" Version="$version" />
    <PackageReference Include="Disque.Aspire.Client" Version="$version" />
    <PackageReference Include="Microsoft.Extensions.Hosting" Version="$hosting" />
  </ItemGroup>
</Project>
PROJECT
(cd "$work/app" && dotnet build -c Release --nologo -v quiet)
grep -q '"Disque.Client/'"$version"'"' "$work/app/obj/project.assets.json" || fail "the project did not restore Disque.Client $version"
[ -d "$NUGET_PACKAGES/disque.client/$version" ] || fail "Disque.Client $version did not come from the feed"
step "running its producers and worker against the tool's gateway"
(cd "$work/app" && timeout 300 dotnet run -c Release --no-build -- "127.0.0.1:$resp" "$orleans" | sed 's/^/   /') || fail "the producers and worker failed"
step "a fresh Aspire app host referencing Disque.Aspire.Hosting $version from the feed"
mkdir "$work/apphost"
cp "$work/nuget.config" "$work/apphost/nuget.config"
version_of() { sed -n 's/.*"'"$1"'" Version="\([^"]*\)".*/\1/p' "$repo/Directory.Packages.props"; }
cat > "$work/apphost/AppHost.csproj" <<PROJECT
<Project Sdk="Aspire.AppHost.Sdk/$(sed -n 's/.*Aspire.AppHost.Sdk\/\([0-9.]*\).*/\1/p' "$repo/samples/AppHost/AppHost.csproj")">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <NoWarn>\$(NoWarn);ASPIRE010</NoWarn>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Disque.Aspire.Hosting" Version="$version" />
    <PackageReference Include="Aspire.Hosting.AppHost" Version="$(version_of Aspire.Hosting.AppHost)" />
    <PackageReference Include="Polly.Core" Version="$(version_of Polly.Core)" />
    <PackageReference Include="Nerdbank.MessagePack" Version="$(version_of Nerdbank.MessagePack)" />
  </ItemGroup>
</Project>
PROJECT
cat > "$work/apphost/Program.cs" <<PROGRAM
// Builds the model of a cluster of the tool's gateways (two) over redis-server, and checks its shape.
using Aspire.Hosting;
var builder = DistributedApplication.CreateBuilder(args);
var jobs = builder.AddDisqueCluster("jobs", cluster =>
{
    cluster.Gateway = new DisqueNodeProgram("$work/tool/disque-orleans", [], ".");
    cluster.RedisAsExecutable = true;
});
using var app = builder.Build();
if (jobs.Gateways.Count != 2 || jobs.ConnectionString.Split(',').Length != 2)
    throw new InvalidOperationException("unexpected cluster: " + jobs.ConnectionString);
Console.WriteLine("AddDisqueCluster: " + string.Join(", ", jobs.Gateways.Select(g => g.Resource.Name)) + " at " + jobs.ConnectionString);
PROGRAM
(cd "$work/apphost" && dotnet build -c Release --nologo -v quiet) || fail "the app host did not build"
[ -d "$NUGET_PACKAGES/disque.aspire.hosting/$version" ] || fail "Disque.Aspire.Hosting $version did not come from the feed"
(cd "$work/apphost" && timeout 120 dotnet run -c Release --no-build --no-launch-profile | sed 's/^/   /') || fail "the app host's model was not a cluster"
echo "package check passed: 7 packages $version, the tool's gateway, a fresh project's producers and worker, a fresh app host's cluster"
