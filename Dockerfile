# Disque.Orleans: one image, two programs. The gateway (a silo serving RESP on 7711)
# runs by default; `dotnet /app/silo/Disque.Silo.dll` runs a silo without RESP.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props global.json .editorconfig ./
COPY Grains.Interfaces/ Grains.Interfaces/
COPY Grains/ Grains/
COPY Hosting/ Hosting/
COPY Silo/ Silo/
COPY Client/ Client/
COPY Dashboard/ Dashboard/
COPY Gateway/ Gateway/
# ReadyToRun: compiled ahead of time for this platform, so a fresh container JITs far less
# before and after it starts serving (bench/README.md, warm start). Framework-dependent:
# the runtime comes from the aspnet image below.
RUN dotnet publish Gateway/Gateway.csproj -c Release --use-current-runtime --self-contained false -p:PublishReadyToRun=true -o /app/gateway \
 && dotnet publish Silo/Silo.csproj -c Release --use-current-runtime --self-contained false -p:PublishReadyToRun=true -o /app/silo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app ./
# RESP requests never block: let socket completions run inline (one thread hop less per request).
ENV DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1
EXPOSE 7711 7790 11111 30000
ENTRYPOINT ["dotnet"]
CMD ["/app/gateway/Disque.Gateway.dll"]
