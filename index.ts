// Entry point for `pulumi up`: every export is a stack output (docs/configuration.md, "Stack outputs").
import { runProgram } from "./program/program";

const outputs = runProgram();

export const prometheusUrl = outputs.prometheusUrl;
export const grafanaUrl = outputs.grafanaUrl;
export const alertmanagerUrl = outputs.alertmanagerUrl;
export const lokiUrl = outputs.lokiUrl;
export const lokiPushUrl = outputs.lokiPushUrl;
export const tempoUrl = outputs.tempoUrl;
export const otlpGrpcEndpoint = outputs.otlpGrpcEndpoint;
export const otlpHttpEndpoint = outputs.otlpHttpEndpoint;
export const grafanaAdminUser = outputs.grafanaAdminUser;
export const teams = outputs.teams;
export const scrapeTargetsDir = outputs.scrapeTargetsDir;
export const components = outputs.components;
export const dashboards = outputs.dashboards;
export const grafanaFolderUids = outputs.grafanaFolderUids;
export const datasourceUids = outputs.datasourceUids;
export const internalUrls = outputs.internalUrls;
