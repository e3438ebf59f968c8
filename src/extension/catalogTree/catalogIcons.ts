import * as vscode from 'vscode';
import { kindCodicon, linkCodicon } from '../../protocol/codicons';

export function kindIcon(kind: string): vscode.ThemeIcon {
  return new vscode.ThemeIcon(kindCodicon(kind));
}

export function linkIcon(icon: string | undefined): vscode.ThemeIcon {
  return new vscode.ThemeIcon(linkCodicon(icon));
}

export const INVALID_ICON = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
export const UNRESOLVED_ICON = new vscode.ThemeIcon('question', new vscode.ThemeColor('disabledForeground'));
